package com.kubetrader.network;

import com.kubetrader.plan.Cidr;
import com.kubetrader.plan.network.NatInstanceBoot;
import com.kubetrader.plan.network.NatPlan;
import com.kubetrader.plan.network.ResourceNames;
import com.kubetrader.plan.network.RouteDestination;
import com.kubetrader.plan.network.SubnetRole;
import com.pulumi.aws.autoscaling.Group;
import com.pulumi.aws.autoscaling.GroupArgs;
import com.pulumi.aws.autoscaling.inputs.GroupInstanceRefreshArgs;
import com.pulumi.aws.autoscaling.inputs.GroupInstanceRefreshPreferencesArgs;
import com.pulumi.aws.autoscaling.inputs.GroupLaunchTemplateArgs;
import com.pulumi.aws.autoscaling.inputs.GroupTagArgs;
import com.pulumi.aws.ec2.Eip;
import com.pulumi.aws.ec2.EipArgs;
import com.pulumi.aws.ec2.LaunchTemplate;
import com.pulumi.aws.ec2.LaunchTemplateArgs;
import com.pulumi.aws.ec2.NatGateway;
import com.pulumi.aws.ec2.NatGatewayArgs;
import com.pulumi.aws.ec2.NetworkInterface;
import com.pulumi.aws.ec2.NetworkInterfaceArgs;
import com.pulumi.aws.ec2.RouteArgs;
import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.ec2.SecurityGroupArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateIamInstanceProfileArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateMetadataOptionsArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateNetworkInterfaceArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateTagSpecificationArgs;
import com.pulumi.aws.iam.InstanceProfile;
import com.pulumi.aws.iam.InstanceProfileArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.iam.RolePolicyAttachment;
import com.pulumi.aws.iam.RolePolicyAttachmentArgs;
import com.pulumi.aws.vpc.SecurityGroupEgressRule;
import com.pulumi.aws.vpc.SecurityGroupEgressRuleArgs;
import com.pulumi.aws.vpc.SecurityGroupIngressRule;
import com.pulumi.aws.vpc.SecurityGroupIngressRuleArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The workload subnet's way out, behind the Elastic IP an exchange whitelists, in one of three modes: a NAT
 * gateway, a NAT instance on fck-nat, or none. The EIP is declared first and identically in every mode, so
 * switching modes never touches it. An EIP this stack creates is protected and retained on delete: no destroy and
 * no replacement ever gives the whitelisted address back to AWS.
 */
public final class EipNat extends ComponentResource {

    public static final String TYPE = "kubetrader:network:EipNat";

    /** The address to paste into the exchange's API-key whitelist. */
    public final Output<String> publicIp;
    public final Output<String> allocationId;
    /** What the workload's default route targets: the NAT gateway, the NAT instance's interface, or "" in none. */
    public final Output<String> natTargetId;

    public record Args(NatPlan plan, ResourceNames names, Output<String> vpcId, Output<String> subnetId,
                       Map<SubnetRole, Output<String>> routeTableIds) {
    }

    public EipNat(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        NatPlan plan = args.plan();
        Eip eip = declareEip(plan, args.names());

        Output<String> target;
        if (plan.mode() instanceof NatPlan.Mode.Gateway) {
            var nat = new NatGateway(plan.name(), NatGatewayArgs.builder()
                    .allocationId(eip.allocationId())
                    .subnetId(args.subnetId())
                    .connectivityType("public")
                    .tags(Map.of("Name", args.names().nameTag(plan.name(), plan.azId())))
                    .build(), child());
            declareRoutes(args, route -> route.natGatewayId(nat.id()));
            target = nat.id();
        } else if (plan.mode() instanceof NatPlan.Mode.Instance instance) {
            Output<String> interfaceId = declareInstance(instance, args, eip.allocationId(), eip.publicIp());
            declareRoutes(args, route -> route.networkInterfaceId(interfaceId));
            target = interfaceId;
        } else {
            target = Output.of(""); // none: the EIP stays, idle, for a switch back
        }

        this.publicIp = eip.publicIp();
        this.allocationId = eip.allocationId();
        this.natTargetId = target;
        registerOutputs(Map.of("publicIp", publicIp, "allocationId", allocationId, "natTargetId", natTargetId));
    }

    private Eip declareEip(NatPlan plan, ResourceNames names) {
        if (plan.eip() instanceof NatPlan.EipSource.Adopt adopt) {
            // Read, not managed: the allocation outlives this stack whatever happens to it.
            return Eip.get(adopt.name(), Output.of(adopt.allocationId()), null, child());
        }
        return new Eip(plan.eip() instanceof NatPlan.EipSource.Create c ? c.name() : names.natEip(),
                EipArgs.builder()
                        .domain("vpc")
                        .tags(Map.of("Name", names.natEip(), "kubetrader.io/whitelisted", "true"))
                        .build(),
                CustomResourceOptions.builder().parent(this).protect(true).retainOnDelete(true).build());
    }

    /** Named by destination only, so a mode switch updates the route's target in place (ReplaceRoute). */
    private void declareRoutes(Args args, java.util.function.Consumer<RouteArgs.Builder> target) {
        for (SubnetRole role : args.plan().routedSubnets()) {
            var routeArgs = RouteArgs.builder()
                    .routeTableId(args.routeTableIds().get(role))
                    .destinationCidrBlock(RouteDestination.ANYWHERE.toString());
            target.accept(routeArgs);
            new com.pulumi.aws.ec2.Route(args.names().route(role, RouteDestination.anywhere()), routeArgs.build(),
                    child());
        }
    }

    /**
     * fck-nat in an Auto Scaling group of one behind a fixed interface: the route and the EIP outlive every
     * instance. Returns the interface's ID.
     */
    private Output<String> declareInstance(NatPlan.Mode.Instance nat, Args args, Output<String> allocationId,
                                           Output<String> publicIp) {
        Map<String, String> natTags = Map.of(NatPlan.Mode.Instance.TAG, nat.autoScalingGroupName());

        var group = new SecurityGroup(nat.securityGroupName(), SecurityGroupArgs.builder()
                .vpcId(args.vpcId())
                .description(nat.securityGroupDescription())
                .tags(Map.of("Name", nat.securityGroupName()))
                .build(), child());
        for (Cidr cidr : nat.ingressCidrs()) {
            String ruleName = nat.ingressRuleName(cidr);
            new SecurityGroupIngressRule(ruleName, SecurityGroupIngressRuleArgs.builder()
                    .securityGroupId(group.id()).ipProtocol("-1").cidrIpv4(cidr.toString())
                    .description(nat.ingressRuleDescription()).tags(Map.of("Name", ruleName))
                    .build(), child());
        }
        String egressName = nat.egressRuleName();
        new SecurityGroupEgressRule(egressName, SecurityGroupEgressRuleArgs.builder()
                .securityGroupId(group.id()).ipProtocol("-1").cidrIpv4(RouteDestination.ANYWHERE.toString())
                .description(nat.egressRuleDescription()).tags(Map.of("Name", egressName))
                .build(), child());

        var eni = new NetworkInterface(nat.interfaceName(), NetworkInterfaceArgs.builder()
                .subnetId(args.subnetId())
                .securityGroups(group.id().applyValue(List::of))
                .sourceDestCheck(nat.sourceDestCheck())
                .description(nat.interfaceDescription())
                .tags(merge(natTags, Map.of("Name", nat.interfaceName())))
                .build(), child());

        var role = new Role(nat.roleName(), RoleArgs.builder()
                .assumeRolePolicy(NatInstanceBoot.trustPolicyJson())
                .description(nat.roleDescription())
                .build(), child());
        var ssm = new RolePolicyAttachment(nat.roleName() + "-ssm", RolePolicyAttachmentArgs.builder()
                .role(role.name()).policyArn(NatInstanceBoot.SSM_CORE_POLICY_ARN).build(), child());
        var own = new RolePolicy(nat.roleName() + "-nat", RolePolicyArgs.builder()
                .role(role.id())
                .policy(Output.tuple(eni.id(), allocationId)
                        .applyValue(t -> NatInstanceBoot.policyJson(nat, t.t1, t.t2)))
                .build(), child());
        var profile = new InstanceProfile(nat.profileName(), InstanceProfileArgs.builder()
                .role(role.name()).build(), child());

        var template = new LaunchTemplate(nat.launchTemplateName(), LaunchTemplateArgs.builder()
                .imageId(nat.amiId())
                .instanceType(nat.instanceType())
                .iamInstanceProfile(LaunchTemplateIamInstanceProfileArgs.builder().arn(profile.arn()).build())
                .metadataOptions(LaunchTemplateMetadataOptionsArgs.builder()
                        .httpEndpoint("enabled").httpTokens("required").httpPutResponseHopLimit(1).build())
                .networkInterfaces(LaunchTemplateNetworkInterfaceArgs.builder()
                        .deviceIndex(0)
                        .associatePublicIpAddress("true") // to reach the EC2 API before the EIP is associated
                        .securityGroups(group.id().applyValue(List::of))
                        .deleteOnTermination("true")
                        .build())
                .userData(Output.tuple(eni.id(), allocationId, publicIp).applyValue(t -> Base64.getEncoder()
                        .encodeToString(NatInstanceBoot.userData(nat, t.t1, t.t2, t.t3).getBytes(StandardCharsets.UTF_8))))
                .tagSpecifications(
                        LaunchTemplateTagSpecificationArgs.builder().resourceType("instance")
                                .tags(merge(natTags, Map.of("Name", nat.autoScalingGroupName()))).build(),
                        LaunchTemplateTagSpecificationArgs.builder().resourceType("network-interface")
                                .tags(merge(natTags, Map.of("Name", nat.autoScalingGroupName() + "-outbound")))
                                .build())
                .updateDefaultVersion(true)
                .tags(Map.of("Name", nat.launchTemplateName()))
                .build(), child());

        new Group(nat.groupName(), GroupArgs.builder()
                .name(nat.autoScalingGroupName())
                .minSize(1).maxSize(1).desiredCapacity(1)
                .vpcZoneIdentifiers(args.subnetId().applyValue(List::of))
                .launchTemplate(GroupLaunchTemplateArgs.builder()
                        .id(template.id()).version(template.latestVersion().applyValue(String::valueOf)).build())
                .healthCheckType("EC2")
                .healthCheckGracePeriod(300)
                // A new launch template version (a new fck-nat AMI, say) replaces the one instance.
                .instanceRefresh(GroupInstanceRefreshArgs.builder().strategy("Rolling")
                        .preferences(GroupInstanceRefreshPreferencesArgs.builder().minHealthyPercentage(0).build())
                        .build())
                .tags(GroupTagArgs.builder().key("Name").value(nat.autoScalingGroupName())
                        .propagateAtLaunch(true).build())
                .build(), CustomResourceOptions.builder().parent(this).deleteBeforeReplace(true)
                .dependsOn(List.of(ssm, own, eni)).build());
        return eni.id();
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        var all = new java.util.LinkedHashMap<>(a);
        all.putAll(b);
        return all;
    }

    private CustomResourceOptions child() {
        return CustomResourceOptions.builder().parent(this).build();
    }
}
