package com.kubetrader.plan.network;

import com.kubetrader.plan.AzId;

import java.util.List;

/** The single NAT gateway and the Elastic IP an exchange whitelists. */
public record NatPlan(String name, SubnetRole subnet, AzId azId, EipSource eip, List<SubnetRole> routedSubnets) {
    public NatPlan {
        routedSubnets = List.copyOf(routedSubnets);
    }

    /** Where the whitelisted address comes from. */
    public sealed interface EipSource {
        /** The stack owns the EIP: protected and retained, so no destroy or replacement releases it. */
        record Create(String name) implements EipSource { }

        /** An EIP allocated outside the stack; read, never managed. */
        record Adopt(String name, String allocationId) implements EipSource { }
    }
}
