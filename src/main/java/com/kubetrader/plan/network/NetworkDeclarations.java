package com.kubetrader.plan.network;

import com.kubetrader.plan.aws.Declarations;
import com.kubetrader.plan.network.RouteDestination.Block;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code SingleAzVpc}, {@code EipNat}, {@code Endpoints} and the flow logs will send to AWS for a
 * {@link NetworkPlan}, input by input, so AWS's rules can be checked before anything is declared. Mirrors the
 * components; a mock-engine test over every stack and NAT mode holds the two to each other.
 */
public final class NetworkDeclarations {

    static final String VPC = "aws:ec2/vpc:Vpc";
    static final String IGW = "aws:ec2/internetGateway:InternetGateway";
    static final String DEFAULT_SG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
    static final String SUBNET = "aws:ec2/subnet:Subnet";
    static final String ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
    static final String ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
    static final String ROUTE = "aws:ec2/route:Route";
    static final String SG = "aws:ec2/securityGroup:SecurityGroup";
    static final String INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
    static final String EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
    static final String DB_SUBNET_GROUP = "aws:rds/subnetGroup:SubnetGroup";
    static final String LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
    static final String ROLE = "aws:iam/role:Role";
    static final String ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
    static final String ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
    static final String PROFILE = "aws:iam/instanceProfile:InstanceProfile";
    static final String FLOW_LOG = "aws:ec2/flowLog:FlowLog";
    static final String EIP = "aws:ec2/eip:Eip";
    static final String NAT_GATEWAY = "aws:ec2/natGateway:NatGateway";
    static final String ENI = "aws:ec2/networkInterface:NetworkInterface";
    static final String LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
    static final String ASG = "aws:autoscaling/group:Group";
    static final String ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";

    static final String KEY = NetworkSettings.NAMESPACE + ":";

    private NetworkDeclarations() {
    }

    /** Writes down every input the network's components will declare. */
    public static void declare(NetworkPlan plan, Declarations out) {
        ResourceNames names = plan.names();
        Declarations.Ids ids = out.ids();
        String vpcId = ids.id(VPC, plan.vpcName());

        out.resource(VPC, plan.vpcName()).set("cidrBlock", plan.vpcCidr().toString(), KEY + "vpcCidr")
                .set("enableDnsSupport", true).set("enableDnsHostnames", true).tags(plan.vpcTags());
        out.resource(IGW, plan.internetGatewayName()).set("vpcId", vpcId)
                .tags(Map.of("Name", plan.internetGatewayName()));
        out.resource(DEFAULT_SG, names.defaultSecurityGroup()).set("vpcId", vpcId)
                .tags(Map.of("Name", names.defaultSecurityGroup() + " (no rules)"));

        for (SubnetPlan s : plan.subnets()) {
            out.resource(SUBNET, s.name()).set("vpcId", vpcId)
                    .set("cidrBlock", s.cidr().toString(), KEY + s.role().configKey())
                    .set("availabilityZoneId", s.azId().value(), KEY + s.role().zone().name().toLowerCase(
                            java.util.Locale.ROOT) + "AzId")
                    .set("mapPublicIpOnLaunch", s.mapPublicIpOnLaunch()).tags(s.tags());
        }
        for (RouteTablePlan t : plan.routeTables()) {
            out.resource(ROUTE_TABLE, t.name()).set("vpcId", vpcId).tags(t.tags());
            out.resource(ASSOCIATION, names.routeTableAssociation(t.subnet()))
                    .set("subnetId", ids.id(SUBNET, names.subnet(t.subnet())))
                    .set("routeTableId", ids.id(ROUTE_TABLE, t.name()));
            for (Route route : t.routes()) {
                if (!(route.destination() instanceof Block block)) {
                    continue;
                }
                if (route.target() instanceof RouteTarget.InternetGateway) {
                    out.resource(ROUTE, names.route(t.subnet(), route)).set("routeTableId", ids.id(ROUTE_TABLE, t.name()))
                            .set("destinationCidrBlock", block.cidr().toString())
                            .set("gatewayId", ids.id(IGW, plan.internetGatewayName()));
                } else if (route.target() instanceof RouteTarget.VpcPeering peering) {
                    out.resource(ROUTE, names.route(t.subnet(), route)).set("routeTableId", ids.id(ROUTE_TABLE, t.name()))
                            .set("destinationCidrBlock", block.cidr().toString(), KEY + "peeringRoutes")
                            .set("vpcPeeringConnectionId", peering.peeringConnectionId(), KEY + "peeringRoutes");
                }
            }
        }

        for (SecurityGroupRole role : SecurityGroupRole.values()) {
            String group = names.securityGroup(role);
            out.resource(SG, group).set("vpcId", vpcId).set("description", role.description())
                    .tags(Map.of("Name", group));
        }
        for (SecurityRule rule : plan.securityRules()) {
            var r = out.resource(rule.direction() == SecurityRule.Direction.INGRESS ? INGRESS : EGRESS, rule.name())
                    .set("securityGroupId", ids.id(SG, names.securityGroup(rule.group())))
                    .set("ipProtocol", rule.protocol().awsName()).set("description", rule.description())
                    .tags(Map.of("Name", rule.name()));
            if (rule.protocol() != SecurityRule.Protocol.ALL) {
                r.set("fromPort", rule.fromPort()).set("toPort", rule.toPort());
            }
            if (rule.peer() instanceof SecurityRule.Peer.Block b) {
                r.set("cidrIpv4", b.cidr().toString());
            } else if (rule.peer() instanceof SecurityRule.Peer.Group g) {
                r.set("referencedSecurityGroupId", ids.id(SG, names.securityGroup(g.group())));
            }
        }

        out.resource(DB_SUBNET_GROUP, plan.dbSubnetGroup().name()).set("description", plan.dbSubnetGroup().description())
                .each("subnetIds", plan.dbSubnetGroup().subnets().stream().map(r -> ids.id(SUBNET, names.subnet(r))).toList())
                .tags(Map.of("Name", plan.dbSubnetGroup().name()));

        plan.flowLogs().ifPresent(f -> flowLogs(f, vpcId, out));
        nat(plan, out);
        endpoints(plan, out);
    }

    private static void flowLogs(FlowLogPlan f, String vpcId, Declarations out) {
        Declarations.Ids ids = out.ids();
        out.resource(LOG_GROUP, f.name()).set("name", f.logGroupName())
                .set("retentionInDays", f.retentionDays(), KEY + "flowLogRetentionDays");
        out.resource(ROLE, f.roleName()).set("assumeRolePolicy", f.trustPolicyJson()).set("description", f.roleDescription());
        out.resource(ROLE_POLICY, f.policyName()).set("role", ids.id(ROLE, f.roleName()))
                .set("policy", f.permissionsPolicyJson(f.logGroupArn()));
        out.resource(FLOW_LOG, f.name()).set("vpcId", vpcId).set("trafficType", "ALL")
                .set("logDestinationType", "cloud-watch-logs").set("logDestination", f.logGroupArn())
                .set("iamRoleArn", ids.arn(ROLE, f.roleName())).set("maxAggregationInterval", 60)
                .tags(Map.of("Name", f.name()));
    }

    private static void nat(NetworkPlan plan, Declarations out) {
        NatPlan nat = plan.nat();
        ResourceNames names = plan.names();
        Declarations.Ids ids = out.ids();
        eip(nat.primaryEip(), out);
        nat.standbyEip().ifPresent(e -> eip(e, out));
        for (NatPlan.Slot slot : nat.slots()) {
            String allocationId = slot.eip() instanceof NatPlan.EipSource.Adopt a ? a.allocationId()
                    : ids.id(EIP, slot.eip().name());
            String publicSubnet = ids.id(SUBNET, names.subnet(slot.subnet()));
            if (nat.mode() instanceof NatPlan.Mode.Instance instance) {
                NatPlan.InstanceSlot names1 = slot.instance().orElseThrow();
                String eni = ids.id(ENI, names1.interfaceName());
                instance(instance, names1, out, publicSubnet, eni, allocationId, ids.publicIp(slot.eip().name()),
                        plan.vpcName());
                routes(plan, slot, out, "networkInterfaceId", eni);
            } else {
                out.resource(NAT_GATEWAY, slot.gatewayName()).set("allocationId", allocationId).set("subnetId", publicSubnet)
                        .set("connectivityType", "public")
                        .tags(Map.of("Name", names.nameTag(slot.gatewayName(), slot.azId())));
                routes(plan, slot, out, "natGatewayId", ids.id(NAT_GATEWAY, slot.gatewayName()));
            }
        }
    }

    private static void eip(NatPlan.EipSource source, Declarations out) {
        if (source instanceof NatPlan.EipSource.Create) {
            out.resource(EIP, source.name()).set("domain", "vpc")
                    .tags(Map.of("Name", source.name(), "kubetrader.io/whitelisted", "true"));
        }
    }

    private static void routes(NetworkPlan plan, NatPlan.Slot slot, Declarations out, String targetInput,
                               String targetId) {
        for (SubnetRole role : slot.routedSubnets()) {
            out.resource(ROUTE, plan.names().route(role, RouteDestination.anywhere()))
                    .set("routeTableId", out.ids().id(ROUTE_TABLE, plan.names().routeTable(role)))
                    .set("destinationCidrBlock", RouteDestination.ANYWHERE.toString()).set(targetInput, targetId);
        }
    }

    private static void instance(NatPlan.Mode.Instance mode, NatPlan.InstanceSlot nat, Declarations out,
                                 String subnetId, String eni, String allocationId, String publicIp, String vpcName) {
        Declarations.Ids ids = out.ids();
        Map<String, String> natTags = Map.of(NatPlan.InstanceSlot.TAG, nat.autoScalingGroupName());
        String group = ids.id(SG, nat.securityGroupName());
        out.resource(SG, nat.securityGroupName()).set("vpcId", ids.id(VPC, vpcName))
                .set("description", nat.securityGroupDescription()).tags(Map.of("Name", nat.securityGroupName()));
        for (var cidr : nat.ingressCidrs()) {
            out.resource(INGRESS, nat.ingressRuleName(cidr)).set("securityGroupId", group).set("ipProtocol", "-1")
                    .set("cidrIpv4", cidr.toString()).set("description", nat.ingressRuleDescription())
                    .tags(Map.of("Name", nat.ingressRuleName(cidr)));
        }
        out.resource(EGRESS, nat.egressRuleName()).set("securityGroupId", group).set("ipProtocol", "-1")
                .set("cidrIpv4", RouteDestination.ANYWHERE.toString()).set("description", nat.egressRuleDescription())
                .tags(Map.of("Name", nat.egressRuleName()));
        out.resource(ENI, nat.interfaceName()).set("subnetId", subnetId).each("securityGroups", List.of(group))
                .set("sourceDestCheck", nat.sourceDestCheck()).set("description", nat.interfaceDescription())
                .tags(merge(natTags, Map.of("Name", nat.interfaceName())));
        out.resource(ROLE, nat.roleName()).set("assumeRolePolicy", NatInstanceBoot.trustPolicyJson())
                .set("description", nat.roleDescription());
        out.resource(ATTACHMENT, nat.roleName() + "-ssm").set("role", ids.id(ROLE, nat.roleName()))
                .set("policyArn", NatInstanceBoot.SSM_CORE_POLICY_ARN);
        out.resource(ROLE_POLICY, nat.roleName() + "-nat").set("role", ids.id(ROLE, nat.roleName()))
                .withIds("policy", NatInstanceBoot.policyJson(mode, nat, eni, allocationId));
        out.resource(PROFILE, nat.profileName()).set("role", ids.id(ROLE, nat.roleName()));
        String userData = Base64.getEncoder().encodeToString(NatInstanceBoot.userData(mode, nat, eni, allocationId,
                publicIp).getBytes(StandardCharsets.UTF_8));
        out.resource(LAUNCH_TEMPLATE, nat.launchTemplateName())
                .set("imageId", mode.amiId(), KEY + "natInstanceAmiId")
                .set("instanceType", mode.instanceType(), KEY + "natInstanceType")
                .set("iamInstanceProfile.arn", ids.arn(PROFILE, nat.profileName()))
                .set("metadataOptions.httpEndpoint", "enabled").set("metadataOptions.httpTokens", "required")
                .set("metadataOptions.httpPutResponseHopLimit", 1)
                .set("networkInterfaces[].deviceIndex", 0).set("networkInterfaces[].associatePublicIpAddress", "true")
                .each("networkInterfaces[].securityGroups", List.of(group))
                .set("networkInterfaces[].deleteOnTermination", "true")
                .withIds("userData", userData)
                .set("tagSpecifications[].resourceType", "instance")
                .set("tagSpecifications[].resourceType", "network-interface")
                .set("updateDefaultVersion", true).tags(Map.of("Name", nat.launchTemplateName()));
        tagSpecification(out, nat.launchTemplateName(), merge(natTags, Map.of("Name", nat.autoScalingGroupName())));
        tagSpecification(out, nat.launchTemplateName(), merge(natTags, Map.of("Name", nat.autoScalingGroupName() + "-outbound")));
        out.resource(ASG, nat.groupName()).set("name", nat.autoScalingGroupName())
                .set("minSize", 1).set("maxSize", 1).set("desiredCapacity", 1)
                .each("vpcZoneIdentifiers", List.of(subnetId))
                .set("launchTemplate.id", ids.id(LAUNCH_TEMPLATE, nat.launchTemplateName()))
                .set("healthCheckType", "EC2").set("healthCheckGracePeriod", 300)
                .set("instanceRefresh.strategy", "Rolling").set("instanceRefresh.preferences.minHealthyPercentage", 0)
                .set("tags[].key", "Name").set("tags[].value", nat.autoScalingGroupName())
                .set("tags[].propagateAtLaunch", true);
    }

    private static void tagSpecification(Declarations out, String template, Map<String, String> tags) {
        var r = out.resource(LAUNCH_TEMPLATE, template).set("tagSpecifications[].tags{}", tags);
        tags.forEach((k, v) -> r.set("tagSpecifications[].tags{}key", k).set("tagSpecifications[].tags{}value", v));
    }

    private static void endpoints(NetworkPlan plan, Declarations out) {
        Declarations.Ids ids = out.ids();
        String vpcId = ids.id(VPC, plan.vpcName());
        for (GatewayEndpointPlan g : plan.gatewayEndpoints()) {
            var r = out.resource(ENDPOINT, g.name()).set("vpcId", vpcId).set("serviceName", g.serviceName())
                    .set("vpcEndpointType", "Gateway")
                    .each("routeTableIds", g.routeTables().stream().map(t -> ids.id(ROUTE_TABLE,
                            plan.names().routeTable(t))).toList())
                    .tags(Map.of("Name", g.name()));
            g.policy().ifPresent(p -> r.set("policy", p, KEY + "endpointPolicies"));
        }
        for (InterfaceEndpointPlan e : plan.interfaceEndpoints()) {
            String key = KEY + (e.customPrivateLink() ? "privateLinkEndpoints" : "interfaceEndpoints");
            var r = out.resource(ENDPOINT, e.name()).set("vpcId", vpcId).set("serviceName", e.serviceName(), key)
                    .set("vpcEndpointType", "Interface").set("privateDnsEnabled", e.privateDns())
                    .each("subnetIds", e.subnets().stream().map(role -> ids.id(SUBNET, plan.names().subnet(role))).toList())
                    .each("securityGroupIds", List.of(ids.id(SG, plan.names().securityGroup(e.securityGroup()))))
                    .tags(Map.of("Name", e.name()));
            e.policy().ifPresent(p -> r.set("policy", p, KEY + "endpointPolicies"));
        }
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> all = new LinkedHashMap<>(a);
        all.putAll(b);
        return all;
    }
}
