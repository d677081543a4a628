package com.kubetrader.offline;

import com.kubetrader.offline.ResourceGraph.Types;
import com.kubetrader.plan.cost.NetworkInventory;
import java.util.Map;
import java.util.Objects;

/** Counts, from the declared resources, what the network bill charges by the hour. */
public final class CostInventory {

    /** The benchmark fleet's component type; its instances' addresses are billed in the fleet's section. */
    static final String BENCHMARK_FLEET = "kubetrader:bench:BenchmarkFleet";

    private CostInventory() {
    }

    public static NetworkInventory of(OfflineRun.Result result, Map<String, String> azNamesById) {
        ResourceGraph g = new ResourceGraph(result.resources(), azNamesById);
        int nats = 0;
        int natEips = 0;
        for (PlannedResource nat : g.ofType(Types.NAT_GATEWAY)) {
            if (!"private".equals(nat.inputText("connectivityType"))) {
                nats++;
                if (g.ref(nat, "allocationId").isPresent()) {
                    natEips++;
                }
            }
        }
        int ipv4 = g.ofType(Types.EIP).size();
        for (PlannedResource instance : g.ofType(Types.INSTANCE)) {
            if (instance.parentType().filter(t -> t.contains(BENCHMARK_FLEET)).isPresent()) {
                continue; // priced by the hours it runs, in the fleet's own section (FleetCost)
            }
            Object asked = instance.inputs().get("associatePublicIpAddress");
            boolean byDefault = g.ref(instance, "subnetId")
                    .map(s -> Boolean.TRUE.equals(s.inputs().get("mapPublicIpOnLaunch"))).orElse(false);
            if (asked instanceof Boolean b ? b : byDefault) {
                ipv4++;
            }
        }
        int interfaces = 0;
        int endpointAzs = 0;
        int gateways = 0;
        for (PlannedResource endpoint : g.ofType(Types.VPC_ENDPOINT)) {
            if ("Gateway".equals(endpoint.inputText("vpcEndpointType"))) {
                gateways++;
            } else {
                interfaces++;
                endpointAzs += (int) Math.max(1, g.refs(endpoint, "subnetIds").stream()
                        .map(s -> g.azIdOf(s).orElse(s.name())).filter(Objects::nonNull).distinct().count());
            }
        }
        return new NetworkInventory(nats, ipv4, natEips, interfaces, endpointAzs, gateways);
    }
}
