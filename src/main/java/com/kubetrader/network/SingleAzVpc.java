package com.kubetrader.network;

import com.kubetrader.plan.network.NetworkPlan;
import com.kubetrader.plan.network.Route;
import com.kubetrader.plan.network.RouteDestination;
import com.kubetrader.plan.network.RouteTablePlan;
import com.kubetrader.plan.network.RouteTarget;
import com.kubetrader.plan.network.SecurityGroupRole;
import com.kubetrader.plan.network.SecurityRule;
import com.kubetrader.plan.network.SubnetPlan;
import com.kubetrader.plan.network.SubnetRole;
import com.pulumi.aws.ec2.DefaultSecurityGroup;
import com.pulumi.aws.ec2.DefaultSecurityGroupArgs;
import com.pulumi.aws.ec2.InternetGateway;
import com.pulumi.aws.ec2.InternetGatewayArgs;
import com.pulumi.aws.ec2.RouteArgs;
import com.pulumi.aws.ec2.RouteTable;
import com.pulumi.aws.ec2.RouteTableArgs;
import com.pulumi.aws.ec2.RouteTableAssociation;
import com.pulumi.aws.ec2.RouteTableAssociationArgs;
import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.ec2.SecurityGroupArgs;
import com.pulumi.aws.ec2.Subnet;
import com.pulumi.aws.ec2.SubnetArgs;
import com.pulumi.aws.ec2.Vpc;
import com.pulumi.aws.ec2.VpcArgs;
import com.pulumi.aws.rds.SubnetGroup;
import com.pulumi.aws.rds.SubnetGroupArgs;
import com.pulumi.aws.vpc.SecurityGroupEgressRule;
import com.pulumi.aws.vpc.SecurityGroupEgressRuleArgs;
import com.pulumi.aws.vpc.SecurityGroupIngressRule;
import com.pulumi.aws.vpc.SecurityGroupIngressRuleArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The single-AZ VPC: subnets placed by AZ ID, one route table each, security groups rule by rule,
 * the emptied default group, Aurora's subnet group, flow logs, and as children the {@link EipNat}
 * and the {@link Endpoints}. Every decision comes from the {@link NetworkPlan}; this class only
 * declares it.
 */
public final class SingleAzVpc extends ComponentResource {

    public static final String TYPE = "kubetrader:network:SingleAzVpc";

    public final Output<String> vpcId;
    public final Output<String> vpcCidr;
    public final Output<Map<String, String>> subnetIds;
    public final Output<Map<String, String>> routeTableIds;
    public final Output<Map<String, String>> securityGroupIds;
    public final Output<String> dbSubnetGroupName;
    public final EipNat nat;
    public final Endpoints endpoints;

    public SingleAzVpc(String name, NetworkPlan plan, ComponentResourceOptions options) {
        super(TYPE, name, options);
        if (!name.equals(plan.name())) {
            throw new IllegalArgumentException("component " + name + " was given the plan for " + plan.name());
        }

        var vpc = new Vpc(plan.vpcName(), VpcArgs.builder()
                .cidrBlock(plan.vpcCidr().toString())
                .enableDnsSupport(true)
                .enableDnsHostnames(true)
                .tags(plan.vpcTags())
                .build(), stateful(plan.protect()));

        var igw = new InternetGateway(plan.internetGatewayName(), InternetGatewayArgs.builder()
                .vpcId(vpc.id())
                .tags(Map.of("Name", plan.internetGatewayName()))
                .build(), child());

        // Adopting the default group with no rules strips the allow-all rules AWS puts in it.
        new DefaultSecurityGroup(plan.names().defaultSecurityGroup(), DefaultSecurityGroupArgs.builder()
                .vpcId(vpc.id())
                .tags(Map.of("Name", plan.names().defaultSecurityGroup() + " (no rules)"))
                .build(), child());

        Map<SubnetRole, Subnet> subnets = new EnumMap<>(SubnetRole.class);
        for (SubnetPlan s : plan.subnets()) {
            subnets.put(s.role(), new Subnet(s.name(), SubnetArgs.builder()
                    .vpcId(vpc.id())
                    .cidrBlock(s.cidr().toString())
                    .availabilityZoneId(s.azId().value())
                    .mapPublicIpOnLaunch(s.mapPublicIpOnLaunch())
                    .tags(s.tags())
                    .build(), stateful(plan.protect())));
        }

        Map<SubnetRole, RouteTable> tables = new EnumMap<>(SubnetRole.class);
        for (RouteTablePlan t : plan.routeTables()) {
            var table = new RouteTable(t.name(), RouteTableArgs.builder()
                    .vpcId(vpc.id())
                    .tags(t.tags())
                    .build(), child());
            tables.put(t.subnet(), table);
            new RouteTableAssociation(plan.names().routeTableAssociation(t.subnet()), RouteTableAssociationArgs.builder()
                    .subnetId(subnets.get(t.subnet()).id())
                    .routeTableId(table.id())
                    .build(), child());
            for (Route route : t.routes()) {
                declareOwnedRoute(plan, t.subnet(), route, table, igw);
            }
        }

        Map<SecurityGroupRole, SecurityGroup> groups = new EnumMap<>(SecurityGroupRole.class);
        for (SecurityGroupRole role : SecurityGroupRole.values()) {
            String groupName = plan.names().securityGroup(role);
            groups.put(role, new SecurityGroup(groupName, SecurityGroupArgs.builder()
                    .vpcId(vpc.id())
                    .description(role.description())
                    .tags(Map.of("Name", groupName))
                    .build(), child()));
        }
        for (SecurityRule rule : plan.securityRules()) {
            declareRule(rule, groups);
        }

        var dbSubnets = new SubnetGroup(plan.dbSubnetGroup().name(), SubnetGroupArgs.builder()
                .description(plan.dbSubnetGroup().description())
                .subnetIds(Output.all(plan.dbSubnetGroup().subnets().stream().map(r -> subnets.get(r).id()).toList()))
                .tags(Map.of("Name", plan.dbSubnetGroup().name()))
                .build(), stateful(plan.protect()));

        plan.flowLogs().ifPresent(flowLog -> new VpcFlowLogs(flowLog, vpc.id(), this));

        this.nat = new EipNat(plan.name() + "-egress", new EipNat.Args(plan.nat(), plan.names(), vpc.id(), ids(subnets),
                ids(tables)), ComponentResourceOptions.builder().parent(this).dependsOn(igw).build());

        this.endpoints = new Endpoints(plan.name() + "-endpoints", new Endpoints.Args(plan.gatewayEndpoints(),
                plan.interfaceEndpoints(), vpc.id(), ids(tables), ids(subnets), ids(groups)),
                ComponentResourceOptions.builder().parent(this).build());

        this.vpcId = vpc.id();
        this.vpcCidr = vpc.cidrBlock();
        this.subnetIds = bySlug(subnets, SubnetRole::slug);
        this.routeTableIds = bySlug(tables, SubnetRole::slug);
        this.securityGroupIds = bySlug(groups, SecurityGroupRole::slug);
        this.dbSubnetGroupName = dbSubnets.name();

        registerOutputs(Map.of(
                "vpcId", vpcId,
                "subnetIds", subnetIds,
                "routeTableIds", routeTableIds,
                "securityGroupIds", securityGroupIds,
                "dbSubnetGroupName", dbSubnetGroupName,
                "natPublicIp", nat.publicIp));
    }

    /** Routes the VPC owns; NAT routes belong to {@link EipNat} and endpoint routes to AWS. */
    private void declareOwnedRoute(NetworkPlan plan, SubnetRole subnet, Route route, RouteTable table,
                                   InternetGateway igw) {
        if (!(route.destination() instanceof RouteDestination.Block block)) {
            return;
        }
        var args = RouteArgs.builder()
                .routeTableId(table.id())
                .destinationCidrBlock(block.cidr().toString());
        if (route.target() instanceof RouteTarget.InternetGateway) {
            args.gatewayId(igw.id());
        } else if (route.target() instanceof RouteTarget.VpcPeering peering) {
            args.vpcPeeringConnectionId(peering.peeringConnectionId());
        } else {
            return;
        }
        new com.pulumi.aws.ec2.Route(plan.names().route(subnet, route), args.build(), child());
    }

    private void declareRule(SecurityRule rule, Map<SecurityGroupRole, SecurityGroup> groups) {
        Output<String> groupId = groups.get(rule.group()).id();
        Integer from = rule.protocol() == SecurityRule.Protocol.ALL ? null : rule.fromPort();
        Integer to = rule.protocol() == SecurityRule.Protocol.ALL ? null : rule.toPort();
        String cidr = rule.peer() instanceof SecurityRule.Peer.Block b ? b.cidr().toString() : null;
        Output<String> referenced = rule.peer() instanceof SecurityRule.Peer.Group g ? groups.get(g.group()).id() : null;
        Map<String, String> tags = Map.of("Name", rule.name());
        if (rule.direction() == SecurityRule.Direction.INGRESS) {
            var args = SecurityGroupIngressRuleArgs.builder().securityGroupId(groupId)
                    .ipProtocol(rule.protocol().awsName()).description(rule.description()).tags(tags);
            if (from != null) {
                args.fromPort(from).toPort(to);
            }
            if (cidr != null) {
                args.cidrIpv4(cidr);
            } else {
                args.referencedSecurityGroupId(referenced);
            }
            new SecurityGroupIngressRule(rule.name(), args.build(), child());
        } else {
            var args = SecurityGroupEgressRuleArgs.builder().securityGroupId(groupId)
                    .ipProtocol(rule.protocol().awsName()).description(rule.description()).tags(tags);
            if (from != null) {
                args.fromPort(from).toPort(to);
            }
            if (cidr != null) {
                args.cidrIpv4(cidr);
            } else {
                args.referencedSecurityGroupId(referenced);
            }
            new SecurityGroupEgressRule(rule.name(), args.build(), child());
        }
    }

    private CustomResourceOptions child() {
        return CustomResourceOptions.builder().parent(this).build();
    }

    private CustomResourceOptions stateful(boolean protect) {
        return CustomResourceOptions.builder().parent(this).protect(protect).build();
    }

    private static <K extends Enum<K>> Map<K, Output<String>> ids(Map<K, ? extends com.pulumi.resources.CustomResource> resources) {
        Map<K, Output<String>> ids = new LinkedHashMap<>();
        resources.forEach((k, r) -> ids.put(k, r.id()));
        return ids;
    }

    private static <K extends Enum<K>> Output<Map<String, String>> bySlug(
            Map<K, ? extends com.pulumi.resources.CustomResource> resources, java.util.function.Function<K, String> slug) {
        Map<String, Output<String>> named = new LinkedHashMap<>();
        resources.forEach((k, r) -> named.put(slug.apply(k), r.id()));
        return Output.all(named.values().stream().toList()).applyValue(values -> {
            Map<String, String> out = new LinkedHashMap<>();
            var keys = named.keySet().iterator();
            values.forEach(v -> out.put(keys.next(), v));
            return out;
        });
    }
}
