package com.kubetrader.plan.network;

import com.kubetrader.plan.AzId;

/**
 * Every Pulumi resource name, derived from the component's name. Names carry roles, never AZs,
 * so moving the primary AZ replaces subnets but never renames (and so never replaces) the EIP.
 */
public record ResourceNames(String prefix) {

    public String vpc() {
        return prefix + "-vpc";
    }

    public String internetGateway() {
        return prefix + "-igw";
    }

    public String defaultSecurityGroup() {
        return prefix + "-default-sg";
    }

    public String subnet(SubnetRole role) {
        return prefix + "-" + role.slug();
    }

    public String routeTable(SubnetRole role) {
        return prefix + "-rt-" + role.slug();
    }

    public String routeTableAssociation(SubnetRole role) {
        return prefix + "-rta-" + role.slug();
    }

    public String route(SubnetRole role, Route route) {
        return route(role, route.destination());
    }

    /** Named by destination, never by target: a new target updates the route instead of replacing it. */
    public String route(SubnetRole role, RouteDestination destination) {
        return prefix + "-route-" + role.slug() + "-" + destination.describe().replace('/', '-').replace('.', '-');
    }

    public String natGateway() {
        return prefix + "-nat";
    }

    /** The NAT gateway of a slot: the primary keeps the name it always had. */
    public String natGateway(String slot) {
        return slot.equals(NatPlan.PRIMARY) ? natGateway() : prefix + "-standby-nat";
    }

    /** The standby address: idle until an evacuation, whitelisted in advance. */
    public String standbyNatEip() {
        return prefix + "-standby-nat-eip";
    }

    public String natEip() {
        return prefix + "-nat-eip";
    }

    public String securityGroup(SecurityGroupRole group) {
        return prefix + "-sg-" + group.slug();
    }

    public String securityRule(SecurityGroupRole group, SecurityRule.Direction direction, String detail) {
        return prefix + "-sg-" + group.slug() + (direction == SecurityRule.Direction.INGRESS ? "-in-" : "-out-") + detail;
    }

    public String gatewayEndpoint(GatewayEndpointService service) {
        return prefix + "-vpce-" + service.shortName();
    }

    public String interfaceEndpoint(String key) {
        return prefix + "-vpce-" + key.replace('.', '-');
    }

    public String dbSubnetGroup() {
        return prefix + "-db";
    }

    public String flowLogs() {
        return prefix + "-flow-logs";
    }

    /** The AWS Name tag: a human label, which may carry the AZ ID. */
    public String nameTag(String resourceName, AzId azId) {
        return resourceName + "-" + azId.value();
    }
}
