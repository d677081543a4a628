package com.kubetrader.offline;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/** Stable IDs and the outputs AWS computes, so plans are repeatable and diffable. */
final class SimulatedIds {

    private static final Map<String, String> PREFIXES = Map.ofEntries(
            Map.entry("aws:ec2/vpc:Vpc", "vpc-"),
            Map.entry("aws:ec2/subnet:Subnet", "subnet-"),
            Map.entry("aws:ec2/internetGateway:InternetGateway", "igw-"),
            Map.entry("aws:ec2/routeTable:RouteTable", "rtb-"),
            Map.entry("aws:ec2/routeTableAssociation:RouteTableAssociation", "rtbassoc-"),
            Map.entry("aws:ec2/route:Route", "r-"),
            Map.entry("aws:ec2/natGateway:NatGateway", "nat-"),
            Map.entry("aws:ec2/eip:Eip", "eipalloc-"),
            Map.entry("aws:ec2/securityGroup:SecurityGroup", "sg-"),
            Map.entry("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "sg-"),
            Map.entry("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "sgr-"),
            Map.entry("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "sgr-"),
            Map.entry("aws:ec2/vpcEndpoint:VpcEndpoint", "vpce-"),
            Map.entry("aws:ec2/flowLog:FlowLog", "fl-"),
            Map.entry("aws:ec2/instance:Instance", "i-"),
            Map.entry("aws:ec2/networkInterface:NetworkInterface", "eni-"),
            Map.entry("aws:ec2/launchTemplate:LaunchTemplate", "lt-"));

    private SimulatedIds() {
    }

    /** The ID AWS would give: for a bucket its name, for named IAM, Logs and SSM resources the name they set. */
    static String idFor(String type, String name, Map<String, Object> inputs) {
        if ((type.equals("aws:s3/bucketV2:BucketV2") || type.equals("aws:s3/bucket:Bucket")) && inputs.get("bucket") != null) {
            return String.valueOf(inputs.get("bucket"));
        }
        return idFor(type, name);
    }

    static String idFor(String type, String name) {
        String prefix = PREFIXES.get(type);
        return prefix != null ? prefix + hex(type + "/" + name, 17) : name;
    }

    static Map<String, Object> computedOutputs(String type, String name, String id, Map<String, Object> inputs) {
        Map<String, Object> out = new HashMap<>();
        out.put("arn", "arn:aws:simulated:" + SimulatedAccount.REGION + ":" + SimulatedAccount.ACCOUNT_ID + ":" + type + "/" + id);
        switch (type) {
            case "aws:ec2/eip:Eip" -> {
                out.put("allocationId", id);
                out.put("publicIp", documentationAddress(id));
                out.put("domain", "vpc");
            }
            case "aws:cloudwatch/logGroup:LogGroup", "aws:s3/bucketV2:BucketV2", "aws:s3/bucket:Bucket" -> {
                Object given = inputs.getOrDefault("name", inputs.getOrDefault("bucket", name));
                out.put("name", given);
                out.put("bucket", given);
                out.put("arn", type.startsWith("aws:s3") ? "arn:aws:s3:::" + given
                        : "arn:aws:logs:" + SimulatedAccount.REGION + ":" + SimulatedAccount.ACCOUNT_ID + ":log-group:" + given);
            }
            case "aws:rds/subnetGroup:SubnetGroup", "aws:iam/role:Role", "aws:iam/instanceProfile:InstanceProfile",
                    "aws:ssm/document:Document" -> {
                out.put("name", inputs.getOrDefault("name", name));
                if (type.startsWith("aws:iam")) {
                    out.put("arn", "arn:aws:iam::" + SimulatedAccount.ACCOUNT_ID + ":"
                            + (type.endsWith("Role") ? "role/" : "instance-profile/") + inputs.getOrDefault("name", name));
                }
            }
            case "aws:ec2/launchTemplate:LaunchTemplate" -> {
                // A new template's first version: the group launches it. A changed template gets a new version,
                // which the plan diff shows as the group's instance refresh.
                out.put("latestVersion", 1);
                out.put("defaultVersion", 1);
            }
            case "aws:ec2/instance:Instance" -> {
                out.put("privateIp", "10.0.0." + (1 + Math.abs(name.hashCode() % 250)));
                out.put("publicIp", documentationAddress(id));
            }
            default -> { }
        }
        return out;
    }

    /** An address from TEST-NET-3 (RFC 5737), so a simulated IP is never someone's real one. */
    static String documentationAddress(String seed) {
        int host = 1 + Math.floorMod(seed.hashCode(), 254);
        return "203.0.113." + host;
    }

    private static String hex(String seed, int length) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, length);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
