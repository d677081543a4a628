package com.kubetrader.plan.network;

import com.kubetrader.plan.AzId;
import com.kubetrader.plan.Cidr;

import java.util.Map;

/** One subnet: placed by AZ ID; the AZ name is the account's label for it, shown to humans only. */
public record SubnetPlan(SubnetRole role, String name, Cidr cidr, AzId azId, String azName,
                         boolean mapPublicIpOnLaunch, Map<String, String> tags) {
    public SubnetPlan {
        tags = Map.copyOf(tags);
    }
}
