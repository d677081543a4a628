package com.kubetrader.plan.network;

import com.kubetrader.plan.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The security stance as checks on a plan. The stack refuses to declare a plan that breaks
 * one, so a later change cannot quietly open the network.
 */
public final class SecurityInvariants {

    static final int SSH = 22;
    /** The only rules allowed to accept traffic from anywhere: the ALB's HTTPS and redirect. */
    static final Set<Integer> ALB_PUBLIC_PORTS = Set.of(NetworkPlanner.HTTPS, NetworkPlanner.HTTP);
    static final Set<SubnetRole> ISOLATED = Set.of(SubnetRole.DATA, SubnetRole.STANDBY_PRIVATE);

    private SecurityInvariants() {
    }

    public static List<String> violations(NetworkPlan plan) {
        List<String> found = new ArrayList<>();
        for (SecurityRule rule : plan.securityRules()) {
            if (rule.direction() == SecurityRule.Direction.INGRESS && rule.coversPort(SSH)) {
                found.add(rule.name() + " opens port 22 inbound; shell access is SSM Session Manager only");
            }
            if (rule.isFromAnywhere() && !(rule.group() == SecurityGroupRole.ALB
                    && rule.protocol() == SecurityRule.Protocol.TCP && rule.fromPort() == rule.toPort()
                    && ALB_PUBLIC_PORTS.contains(rule.fromPort()))) {
                found.add(rule.name() + " accepts " + rule.ports() + " from 0.0.0.0/0; only the ALB's 443 and 80 may");
            }
        }
        for (NatPlan.Slot slot : plan.nat().slots()) {
            if (slot.instance().isEmpty()) {
                continue;
            }
            NatPlan.InstanceSlot nat = slot.instance().get();
            for (Cidr cidr : nat.ingressCidrs()) {
                if (!plan.vpcCidr().contains(cidr)) {
                    found.add(nat.securityGroupName() + " admits " + cidr + "; a NAT interface forwards only for "
                            + "the VPC's routed subnets, never for the world");
                }
            }
            if (nat.sourceDestCheck()) {
                found.add(nat.interfaceName() + " keeps source/destination check on; a NAT cannot forward with it");
            }
        }
        for (RouteTablePlan table : plan.routeTables()) {
            if (ISOLATED.contains(table.subnet()) && table.routes().stream()
                    .anyMatch(r -> !(r.target() instanceof RouteTarget.Local))) {
                found.add(table.name() + " routes beyond the VPC; the data tier must hold only the local route");
            }
        }
        return found;
    }

    /** A declared interface or instance, as far as forwarding goes. */
    public record Forwarding(String type, String name, boolean sourceDestCheck, boolean natTagged) {
    }

    /**
     * Source/destination check is off only on the NAT instances' interfaces (tagged {@value NatPlan.InstanceSlot#TAG}):
     * anything else that forwards packets addressed to others is a hole. Checked on what a program declared.
     */
    public static List<String> forwardingViolations(List<Forwarding> declared) {
        List<String> found = new ArrayList<>();
        for (Forwarding f : declared) {
            if (!f.sourceDestCheck() && !(f.natTagged() && f.type().equals("aws:ec2/networkInterface:NetworkInterface"))) {
                found.add(f.name() + " (" + f.type() + ") turns source/destination check off; only the NAT "
                        + "instance's fixed interface may");
            }
        }
        return found;
    }

    public static void enforce(NetworkPlan plan) {
        List<String> found = violations(plan);
        if (!found.isEmpty()) {
            throw new IllegalStateException("The network plan breaks the security stance:\n  - "
                    + String.join("\n  - ", found));
        }
    }
}
