package com.kubetrader.plan.network;

import com.kubetrader.plan.AzId;
import com.kubetrader.plan.Cidr;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/** Every decision about the network, made before Pulumi sees any of it. */
public record NetworkPlan(
        String name,
        String region,
        Cidr vpcCidr,
        String vpcName,
        Map<String, String> vpcTags,
        String internetGatewayName,
        List<SubnetPlan> subnets,
        List<RouteTablePlan> routeTables,
        NatPlan nat,
        List<SecurityRule> securityRules,
        List<GatewayEndpointPlan> gatewayEndpoints,
        List<InterfaceEndpointPlan> interfaceEndpoints,
        DbSubnetGroupPlan dbSubnetGroup,
        Optional<FlowLogPlan> flowLogs,
        Map<SubnetRole, Cidr> reservedBlocks,
        AzId reservedAzId,
        boolean protect,
        ResourceNames names) {

    public NetworkPlan {
        vpcTags = Map.copyOf(vpcTags);
        subnets = List.copyOf(subnets);
        routeTables = List.copyOf(routeTables);
        securityRules = List.copyOf(securityRules);
        gatewayEndpoints = List.copyOf(gatewayEndpoints);
        interfaceEndpoints = List.copyOf(interfaceEndpoints);
        reservedBlocks = Map.copyOf(reservedBlocks);
    }

    public SubnetPlan subnet(SubnetRole role) {
        return subnets.stream().filter(s -> s.role() == role).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no " + role + " subnet in the plan"));
    }

    public RouteTablePlan routeTable(SubnetRole role) {
        return routeTables.stream().filter(t -> t.subnet() == role).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no route table for " + role));
    }
}
