package com.kubetrader.plan.network;

import com.kubetrader.plan.AzId;
import com.kubetrader.plan.Cidr;
import java.util.List;
import java.util.Optional;

/**
 * The workload's way out, and the Elastic IPs an exchange whitelists.
 *
 * <p>The primary EIP is the same resource, with the same name and inputs, in every mode and wherever the hot path
 * runs: nothing the program does ever replaces it. The optional standby EIP is its twin in the standby AZ, idle
 * until an evacuation, so an evacuation never needs an API call in the failed zone.
 *
 * <p>Each {@link Slot} is one NAT: the primary one in the primary public subnet, and during an evacuation one in the
 * standby public subnet. Slots are named by role, never by AZ, so switching modes updates routes in place.
 *
 * @param mode       the stack's natMode, the same for every slot
 * @param primaryEip the whitelisted address (kubetrader:natEipAllocationId adopts one)
 * @param standbyEip the standby address (kubetrader:standbyEip), empty when the user accepts moving the primary one
 * @param slots      the NATs declared: none in natMode none
 * @param activeZone where the hot path runs now (kubetrader:activeAzId)
 */
public record NatPlan(Mode mode, EipSource primaryEip, Optional<EipSource> standbyEip, List<Slot> slots,
                      Zone activeZone) {

    public static final String PRIMARY = "primary";
    public static final String STANDBY = "standby";

    public NatPlan {
        slots = List.copyOf(slots);
    }

    public Optional<Slot> slot(String key) {
        return slots.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    /** The slot the active workload subnet routes through, if any. */
    public Optional<Slot> activeSlot() {
        SubnetRole active = activeZone == Zone.PRIMARY ? SubnetRole.WORKLOAD : SubnetRole.STANDBY_WORKLOAD;
        return slots.stream().filter(s -> s.routedSubnets().contains(active)).findFirst();
    }

    /** Every subnet whose default route goes through a NAT. */
    public List<SubnetRole> routedSubnets() {
        return slots.stream().flatMap(s -> s.routedSubnets().stream()).toList();
    }

    /** What the active workload subnet's way out is, in words, for the stack's outputs (and so for every preview). */
    public String workloadEgress() {
        Optional<Slot> active = activeSlot();
        if (active.isEmpty()) {
            return "none: the workload subnet has no default route. Image pulls need the ecr.api and ecr.dkr "
                    + "interface endpoints (kubetrader:interfaceEndpoints) and the S3 gateway endpoint (declared); "
                    + "public registries need an ECR pull-through cache. The EIP stays, idle, for a switch back";
        }
        Slot s = active.get();
        String address = s.eip() == primaryEip ? "the whitelisted EIP" : "the standby EIP (whitelist it too)";
        String where = activeZone == Zone.PRIMARY ? "" : " in the standby AZ " + s.azId() + " (evacuated)";
        if (mode instanceof Mode.Instance instance) {
            return "through the NAT instance (fck-nat " + instance.instanceType() + ") behind the fixed interface "
                    + s.instance().orElseThrow().interfaceName() + where + ", from " + address;
        }
        return "through the NAT gateway " + s.gatewayName() + where + ", from " + address;
    }

    /** Which slot holds which address ({@link #PRIMARY} or {@link #STANDBY}) and routes which workload subnets. */
    public record Layout(String slot, String address, List<SubnetRole> routed) {
        public Layout {
            routed = List.copyOf(routed);
        }
    }

    /**
     * The NATs for a mode, wherever the hot path runs. With the primary AZ active: one in the primary public subnet
     * holding the primary EIP. Evacuated with a standby EIP: that one stays as it is, and a second in the standby
     * public subnet holds the standby EIP, so nothing in the failed zone is touched. Evacuated without one: the
     * primary EIP moves to the standby NAT, which then serves both workload subnets.
     */
    public static List<Layout> layout(String mode, Zone active, boolean standbyEip) {
        if (mode.equals("none")) {
            return List.of();
        }
        if (active == Zone.PRIMARY) {
            return List.of(new Layout(PRIMARY, PRIMARY, List.of(SubnetRole.WORKLOAD)));
        }
        if (standbyEip) {
            return List.of(new Layout(PRIMARY, PRIMARY, List.of(SubnetRole.WORKLOAD)),
                    new Layout(STANDBY, STANDBY, List.of(SubnetRole.STANDBY_WORKLOAD)));
        }
        return List.of(new Layout(STANDBY, PRIMARY, List.of(SubnetRole.WORKLOAD, SubnetRole.STANDBY_WORKLOAD)));
    }

    /** How the NATs run. Closed: the component declares each. */
    public sealed interface Mode {
        /** NAT gateways holding the EIPs. */
        record Gateway() implements Mode { }

        /**
         * NAT instances on fck-nat, each an Auto Scaling group of one. The route targets a fixed network interface
         * (fck-nat's {@code eni_id}), whose source/destination check is off; fck-nat attaches it at boot and
         * associates the EIP with its outbound interface ({@code eip_id}). A health check marks an instance that does
         * not forward unhealthy, and the group replaces it; the allocation, and so the address, stays.
         */
        record Instance(String instanceType, String amiId, String region, String accountId) implements Mode { }

        /** No NAT: no default route; the EIPs stay, idle, for a switch back. */
        record None() implements Mode { }

        default String key() {
            return this instanceof Gateway ? "gateway" : this instanceof Instance ? "instance" : "none";
        }
    }

    /**
     * One NAT.
     *
     * @param key           {@link #PRIMARY} or {@link #STANDBY}
     * @param gatewayName   the NAT gateway's resource name (natMode gateway)
     * @param subnet        the public subnet it runs in
     * @param eip           the address it holds
     * @param routedSubnets the subnets whose default route goes through it
     * @param instance      the NAT instance's resources (natMode instance)
     */
    public record Slot(String key, String gatewayName, SubnetRole subnet, AzId azId, EipSource eip,
                       List<SubnetRole> routedSubnets, Optional<InstanceSlot> instance) {
        public Slot {
            routedSubnets = List.copyOf(routedSubnets);
        }
    }

    /** A NAT instance's resources, named from the slot. */
    public record InstanceSlot(String interfaceName, String securityGroupName, String roleName, String profileName,
                               String launchTemplateName, String groupName, String autoScalingGroupName,
                               List<Cidr> ingressCidrs) {
        /** Tags the fixed interface, the instance and its primary interface; the role acts only on these. */
        public static final String TAG = "kubetrader.io/nat";

        public InstanceSlot {
            ingressCidrs = List.copyOf(ingressCidrs);
        }

        /** Off: a NAT forwards packets addressed to others. The only interfaces in the stack with it off. */
        public boolean sourceDestCheck() {
            return false;
        }

        /*
         * EC2 takes only a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$* in group and rule descriptions (the AWS
         * catalog checks it): no apostrophes here.
         */

        public String securityGroupDescription() {
            return "NAT instance: forwards traffic from the routed subnets to the internet";
        }

        public String ingressRuleDescription() {
            return "Traffic to forward from a routed subnet";
        }

        public String egressRuleDescription() {
            return "Forwarded traffic, and the AWS API calls of fck-nat itself";
        }

        public String interfaceDescription() {
            return "NAT instance fixed interface: the workload default route targets it";
        }

        public String roleDescription() {
            return "NAT instance: attach its fixed interface, associate the whitelisted EIP, SSM";
        }

        /** The ingress rule's resource name for one routed block. */
        public String ingressRuleName(Cidr cidr) {
            return securityGroupName + "-in-" + cidr.toString().replace('/', '-').replace('.', '-');
        }

        public String egressRuleName() {
            return securityGroupName + "-out-all";
        }
    }

    /** Where an address comes from. */
    public sealed interface EipSource {
        String name();

        /** The stack owns the EIP: protected and retained, so no destroy or replacement releases it. */
        record Create(String name) implements EipSource { }

        /** An EIP allocated outside the stack; read, never managed. */
        record Adopt(String name, String allocationId) implements EipSource { }
    }
}
