package com.kubetrader.offline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * The few inputs a reviewer checks, per resource type: a table, so a new resource type (the
 * benchmark fleet's instances, bucket and SSM document) shows up by adding a row, not code.
 * References to other declared resources are shown by their name, never by simulated ID.
 */
public final class KeyProperties {

    /** How one property is read from a resource's inputs. */
    private record Prop(String label, BiFunction<PlannedResource, ResourceGraph, Optional<String>> read) {
    }

    private static Prop plain(String label, String key) {
        return new Prop(label, (r, g) -> Optional.ofNullable(r.inputs().get(key)).map(KeyProperties::text));
    }

    private static Prop ref(String label, String key) {
        return new Prop(label, (r, g) -> Optional.ofNullable(r.inputs().get(key)).map(g::describeRef));
    }

    private static Prop refs(String label, String key) {
        return new Prop(label, (r, g) -> r.inputs().get(key) instanceof List<?> list
                ? Optional.of(list.stream().map(g::describeRef).collect(Collectors.joining(",", "[", "]")))
                : Optional.empty());
    }

    /** An AZ ID with the simulated account's name for it: apne1-az4 (ap-northeast-1a). */
    private static Prop azId() {
        return new Prop("az", (r, g) -> Optional.ofNullable(r.inputs().get("availabilityZoneId")).map(Object::toString)
                .map(id -> id + " (" + g.azName(id).orElse("not offered") + ")"));
    }

    /** An AZ name with the AZ ID it means in the simulated account: ap-northeast-1a (apne1-az4). */
    private static Prop azName() {
        return new Prop("az", (r, g) -> Optional.ofNullable(r.inputs().get("availabilityZone")).map(Object::toString)
                .map(name -> name + " (" + g.azIdOfName(name).orElse("unknown AZ ID") + ")"));
    }

    private static Prop ports() {
        return new Prop("ports", (r, g) -> {
            Object proto = r.inputs().get("ipProtocol");
            Object from = r.inputs().get("fromPort");
            Object to = r.inputs().get("toPort");
            String p = "-1".equals(text(proto)) ? "all" : text(proto);
            if (from == null) {
                return Optional.ofNullable(proto).map(x -> p);
            }
            return Optional.of(p + "/" + (text(from).equals(text(to)) ? text(from) : text(from) + "-" + text(to)));
        });
    }

    private static Prop peer() {
        return new Prop("peer", (r, g) -> {
            Object cidr = r.inputs().get("cidrIpv4");
            if (cidr != null) {
                return Optional.of(cidr.toString());
            }
            return Optional.ofNullable(r.inputs().get("referencedSecurityGroupId")).map(g::describeRef);
        });
    }

    /** A route's target, whichever of the target inputs is set. */
    private static Prop routeTarget() {
        return new Prop("target", (r, g) -> {
            for (String key : List.of("gatewayId", "natGatewayId", "vpcPeeringConnectionId", "transitGatewayId",
                    "vpcEndpointId", "networkInterfaceId", "egressOnlyGatewayId")) {
                Object value = r.inputs().get(key);
                if (value != null) {
                    return Optional.of(g.describeRef(value));
                }
            }
            return Optional.empty();
        });
    }

    private static final Map<String, List<Prop>> TABLE = Map.ofEntries(
            Map.entry("aws:ec2/vpc:Vpc", List.of(plain("cidr", "cidrBlock"))),
            Map.entry("aws:ec2/subnet:Subnet", List.of(plain("cidr", "cidrBlock"), azId(), azName(),
                    plain("publicIpOnLaunch", "mapPublicIpOnLaunch"))),
            Map.entry("aws:ec2/internetGateway:InternetGateway", List.of()),
            Map.entry("aws:ec2/routeTable:RouteTable", List.of()),
            Map.entry("aws:ec2/routeTableAssociation:RouteTableAssociation",
                    List.of(ref("subnet", "subnetId"), ref("table", "routeTableId"))),
            Map.entry("aws:ec2/route:Route", List.of(ref("table", "routeTableId"), plain("dest", "destinationCidrBlock"),
                    routeTarget())),
            Map.entry("aws:ec2/natGateway:NatGateway", List.of(ref("subnet", "subnetId"), ref("eip", "allocationId"),
                    plain("connectivity", "connectivityType"))),
            Map.entry("aws:ec2/eip:Eip", List.of(plain("domain", "domain"))),
            Map.entry("aws:ec2/securityGroup:SecurityGroup", List.of()),
            Map.entry("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", List.of(
                    new Prop("rules", (r, g) -> Optional.of(r.inputs().containsKey("ingress")
                            || r.inputs().containsKey("egress") ? "declared" : "none")))),
            Map.entry("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
                    List.of(ref("group", "securityGroupId"), ports(), peer())),
            Map.entry("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
                    List.of(ref("group", "securityGroupId"), ports(), peer())),
            Map.entry("aws:ec2/vpcEndpoint:VpcEndpoint", List.of(plain("kind", "vpcEndpointType"),
                    plain("service", "serviceName"), refs("routeTables", "routeTableIds"), refs("subnets", "subnetIds"),
                    plain("privateDns", "privateDnsEnabled"))),
            Map.entry("aws:rds/subnetGroup:SubnetGroup", List.of(refs("subnets", "subnetIds"))),
            Map.entry("aws:cloudwatch/logGroup:LogGroup", List.of(plain("name", "name"),
                    plain("retentionDays", "retentionInDays"))),
            Map.entry("aws:ec2/flowLog:FlowLog", List.of(ref("vpc", "vpcId"), plain("traffic", "trafficType"),
                    plain("destination", "logDestinationType"))),
            Map.entry("aws:iam/role:Role", List.of()),
            Map.entry("aws:iam/rolePolicy:RolePolicy", List.of(ref("role", "role"))),
            Map.entry("aws:ec2/instance:Instance", List.of(plain("instanceType", "instanceType"), azName(), azId(),
                    ref("subnet", "subnetId"), plain("ami", "ami"), plain("publicIp", "associatePublicIpAddress"),
                    ref("profile", "iamInstanceProfile"), plain("placementGroup", "placementGroup"))),
            Map.entry("aws:s3/bucketV2:BucketV2", List.of(plain("bucket", "bucket"), plain("prefix", "bucketPrefix"),
                    plain("forceDestroy", "forceDestroy"))),
            Map.entry("aws:s3/bucket:Bucket", List.of(plain("bucket", "bucket"), plain("forceDestroy", "forceDestroy"))),
            Map.entry("aws:ssm/document:Document", List.of(plain("name", "name"), plain("documentType", "documentType"),
                    plain("format", "documentFormat"))),
            Map.entry("aws:iam/instanceProfile:InstanceProfile", List.of(ref("role", "role"))),
            Map.entry("aws:ec2/networkInterface:NetworkInterface", List.of(ref("subnet", "subnetId"),
                    plain("sourceDestCheck", "sourceDestCheck"))),
            Map.entry("aws:ec2/launchTemplate:LaunchTemplate", List.of(plain("instanceType", "instanceType"),
                    plain("ami", "imageId"))),
            Map.entry("aws:autoscaling/group:Group", List.of(plain("name", "name"), plain("min", "minSize"),
                    plain("max", "maxSize"), refs("subnets", "vpcZoneIdentifiers"), plain("health", "healthCheckType"))),
            Map.entry("aws:iam/rolePolicyAttachment:RolePolicyAttachment", List.of(ref("role", "role"),
                    plain("policy", "policyArn"))));

    /** For a type not in the table: these inputs, when present. */
    private static final List<Prop> FALLBACK = List.of(plain("name", "name"), plain("cidr", "cidrBlock"),
            plain("instanceType", "instanceType"), azName(), azId(), ref("subnet", "subnetId"));

    private KeyProperties() {
    }

    /** "label=value" pieces for one resource, in the table's order; components have none. */
    public static List<String> of(PlannedResource r, ResourceGraph graph) {
        List<String> out = new ArrayList<>();
        if (!r.custom()) {
            return out;
        }
        for (Prop prop : TABLE.getOrDefault(r.type(), FALLBACK)) {
            prop.read().apply(r, graph).ifPresent(v -> out.add(prop.label() + "=" + v));
        }
        return out;
    }

    /** Whether the table knows the type (tests hold the fleet's types to it). */
    public static boolean knows(String type) {
        return TABLE.containsKey(type);
    }

    /** Numbers as JSON gives them back (5432.0) shown as they were written (5432). */
    static String text(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(value);
    }
}
