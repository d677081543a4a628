package com.kubetrader.plan.network;

import java.util.List;
import java.util.Optional;

/**
 * An interface endpoint: one ENI in one subnet (each extra AZ is another hourly charge).
 * Private DNS only for AWS services; a custom PrivateLink service brings its own names.
 */
public record InterfaceEndpointPlan(String key, String name, String serviceName, boolean privateDns,
                                    List<SubnetRole> subnets, SecurityGroupRole securityGroup,
                                    boolean customPrivateLink, Optional<String> policy) {
    public InterfaceEndpointPlan {
        subnets = List.copyOf(subnets);
    }
}
