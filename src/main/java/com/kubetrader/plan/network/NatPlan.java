package com.kubetrader.plan.network;

import com.kubetrader.plan.AzId;

import com.kubetrader.plan.Cidr;
import java.util.List;

/**
 * The workload subnet's way out, and the Elastic IP an exchange whitelists. The EIP is the same resource, with the
 * same name and inputs, in every mode: switching modes never touches the address.
 *
 * @param name          the NAT gateway's name (gateway mode)
 * @param routedSubnets the subnets whose default route goes through the NAT (none in mode none)
 */
public record NatPlan(String name, SubnetRole subnet, AzId azId, EipSource eip, List<SubnetRole> routedSubnets,
                      Mode mode) {
    public NatPlan {
        routedSubnets = List.copyOf(routedSubnets);
    }

    /** What the workload subnet's way out is, in words, for the stack's outputs (and so for every preview). */
    public String workloadEgress() {
        if (mode instanceof Mode.Gateway) {
            return "through the NAT gateway " + name + ", from the whitelisted EIP";
        }
        if (mode instanceof Mode.Instance instance) {
            return "through the NAT instance (fck-nat " + instance.instanceType() + ") behind the fixed interface "
                    + instance.interfaceName() + ", from the whitelisted EIP";
        }
        return "none: the workload subnet has no default route. Image pulls need the ecr.api and ecr.dkr "
                + "interface endpoints (kubetrader:interfaceEndpoints) and the S3 gateway endpoint (declared); "
                + "public registries need an ECR pull-through cache. The EIP stays, idle, for a switch back";
    }

    /** The NAT itself. Closed: the component declares each. */
    public sealed interface Mode {
        /** A NAT gateway that holds the EIP. */
        record Gateway() implements Mode { }

        /**
         * A NAT instance on fck-nat in an Auto Scaling group of one. The workload route targets a fixed network
         * interface (fck-nat's {@code eni_id}), whose source/destination check is off; fck-nat attaches it at boot
         * and associates the whitelisted EIP with its outbound interface ({@code eip_id}), where its NAT rule sends
         * traffic out. A health check on the instance marks it unhealthy when it is not forwarding, and the group
         * replaces it; the allocation, and so the address, stays.
         */
        record Instance(String instanceType, String amiId, String region, String accountId, String interfaceName,
                        String securityGroupName, String roleName, String profileName, String launchTemplateName,
                        String groupName, String autoScalingGroupName, List<Cidr> ingressCidrs) implements Mode {
            /** Tags the fixed interface, the instance and its primary interface; the role acts only on these. */
            public static final String TAG = "kubetrader.io/nat";

            public Instance {
                ingressCidrs = List.copyOf(ingressCidrs);
            }

            /** Off: a NAT forwards packets addressed to others. The only interface in the stack with it off. */
            public boolean sourceDestCheck() {
                return false;
            }

            /*
             * EC2 takes only a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$* in group and rule descriptions (the
             * AWS catalog checks it): no apostrophes here.
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

        /** No NAT: the routed subnets have no default route; the EIP stays, idle, for a switch back. */
        record None() implements Mode { }
    }

    /** Where the whitelisted address comes from. */
    public sealed interface EipSource {
        /** The stack owns the EIP: protected and retained, so no destroy or replacement releases it. */
        record Create(String name) implements EipSource { }

        /** An EIP allocated outside the stack; read, never managed. */
        record Adopt(String name, String allocationId) implements EipSource { }
    }
}
