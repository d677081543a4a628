package com.kubetrader.plan.network;

import java.util.List;
import java.util.Optional;

public record GatewayEndpointPlan(String name, GatewayEndpointService service, String serviceName,
                                  List<SubnetRole> routeTables, Optional<String> policy) {
    public GatewayEndpointPlan {
        routeTables = List.copyOf(routeTables);
    }
}
