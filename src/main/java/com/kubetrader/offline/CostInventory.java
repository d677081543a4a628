package com.kubetrader.offline;

import com.kubetrader.offline.ResourceGraph.Types;
import com.kubetrader.plan.cost.NetworkInventory;
import java.util.Map;
import java.util.Objects;

/** Counts, from the declared resources, what the network bill charges by the hour. */
public final class CostInventory {

    /** The benchmark fleet's component type; its instances' addresses are billed in the fleet's section. */
    static final String BENCHMARK_FLEET = "kubetrader:bench:BenchmarkFleet";
    static final String EIP_NAT = "kubetrader:network:EipNat";
    /** ResourceNames.standbyEip's suffix. */
    static final String STANDBY_EIP_SUFFIX = "-standby-nat-eip";

    private CostInventory() {
    }

    public static NetworkInventory of(OfflineRun.Result result, Map<String, String> azNamesById) {
        ResourceGraph g = new ResourceGraph(result.resources(), azNamesById);
        int nats = 0;
        for (PlannedResource nat : g.ofType(Types.NAT_GATEWAY)) {
            if (!"private".equals(nat.inputText("connectivityType"))) {
                nats++;
            }
        }
        // The whitelisted EIP, in every NAT mode: a layout with NAT gateways of its own replaces it. The standby EIP
        // is counted apart: it sits idle until an evacuation.
        int standbyEips = (int) g.ofType(Types.EIP).stream()
                .filter(eip -> eip.parentType().filter(t -> t.contains(EIP_NAT)).isPresent())
                .filter(eip -> eip.name().endsWith(STANDBY_EIP_SUFFIX)).count();
        int natEips = (int) g.ofType(Types.EIP).stream()
                .filter(eip -> eip.parentType().filter(t -> t.contains(EIP_NAT)).isPresent()).count() - standbyEips;
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
        // A NAT instance is an Auto Scaling group of one inside the EipNat component; its launch template says the type.
        int natInstances = 0;
        String natType = "";
        for (PlannedResource group : g.ofType("aws:autoscaling/group:Group")) {
            if (group.parentType().filter(t -> t.contains(EIP_NAT)).isEmpty()) {
                continue;
            }
            natInstances += group.inputs().get("desiredCapacity") instanceof Number n ? n.intValue() : 1;
            Object launch = group.inputs().get("launchTemplate");
            if (launch instanceof Map<?, ?> lt) {
                natType = g.byId(lt.get("id")).map(t -> t.inputText("instanceType")).orElse(natType);
            }
        }
        return new NetworkInventory(nats, ipv4, natEips, interfaces, endpointAzs, gateways, natInstances, natType,
                standbyEips);
    }
}
