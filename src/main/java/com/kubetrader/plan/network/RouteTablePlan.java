package com.kubetrader.plan.network;

import java.util.List;
import java.util.Map;

/** One route table per subnet, so changing one subnet's routing never touches another's. */
public record RouteTablePlan(SubnetRole subnet, String name, List<Route> routes, Map<String, String> tags) {
    public RouteTablePlan {
        routes = List.copyOf(routes);
        tags = Map.copyOf(tags);
    }

    public boolean reachesInternet() {
        return routes.stream().anyMatch(r -> r.target().reachesInternet());
    }
}
