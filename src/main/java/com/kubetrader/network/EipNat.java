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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workload's way out, behind the Elastic IPs an exchange whitelists: per {@link NatPlan.Slot} a NAT gateway or a
 * NAT instance on fck-nat, or nothing in natMode none. The EIPs are declared first and identically in every mode and
 * wherever the hot path runs, so neither a mode switch nor an evacuation touches them. An EIP this stack creates is
 * protected and retained on delete: no destroy and no replacement ever gives a whitelisted address back to AWS.
 */
public final class EipNat extends ComponentResource {

    public static final String TYPE = "kubetrader:network:EipNat";

    /** The address to paste into the exchange's API-key whitelist. */
    public final Output<String> publicIp;
    public final Output<String> allocationId;
    /** The standby address, to whitelist beside the first; empty without kubetrader:standbyEip. */
    public final Output<String> standbyPublicIp;
    public final Output<String> standbyAllocationId;

    public record Args(NatPlan plan, ResourceNames names, Output<String> vpcId,
                       Map<SubnetRole, Output<String>> subnetIds, Map<SubnetRole, Output<String>> routeTableIds) {
    }

    public EipNat(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        NatPlan plan = args.plan();
        Eip primary = declareEip(plan.primaryEip());
        Eip standby = plan.standbyEip().map(this::declareEip).orElse(null);

        for (NatPlan.Slot slot : plan.slots()) {
            Eip eip = slot.eip() == plan.primaryEip() ? primary : standby;
            Output<String> subnetId = args.subnetIds().get(slot.subnet());
            if (plan.mode() instanceof NatPlan.Mode.Instance instance) {
                declareInstance(instance, slot, args, subnetId, eip);
            } else {
                // Delete before replace: a replacement gateway needs the same allocation, which AWS lets only one
                // holder have (CreateNatGateway with an associated allocation fails, Resource.AlreadyAssociated).
                var nat = new NatGateway(slot.gatewayName(), NatGatewayArgs.builder()
                        .allocationId(eip.allocationId())
                        .subnetId(subnetId)
                        .connectivityType("public")
                        .tags(Map.of("Name", args.names().nameTag(slot.gatewayName(), slot.azId())))
                        .build(), CustomResourceOptions.builder().parent(this).deleteBeforeReplace(true).build());
                declareRoutes(args, slot, route -> route.natGatewayId(nat.id()), List.of());
            }
        }

        this.publicIp = primary.publicIp();
        this.allocationId = primary.allocationId();
        this.standbyPublicIp = standby == null ? Output.of("") : standby.publicIp();
        this.standbyAllocationId = standby == null ? Output.of("") : standby.allocationId();
        registerOutputs(Map.of("publicIp", publicIp, "allocationId", allocationId, "standbyPublicIp", standbyPublicIp,
                "standbyAllocationId", standbyAllocationId));
    }

    private Eip declareEip(NatPlan.EipSource source) {
        if (source instanceof NatPlan.EipSource.Adopt adopt) {
            // Read, not managed: the allocation outlives this stack whatever happens to it.
            return Eip.get(adopt.name(), Output.of(adopt.allocationId()), null, child());
        }
        return new Eip(source.name(), EipArgs.builder()
                .domain("vpc")
                .tags(Map.of("Name", source.name(), "kubetrader.io/whitelisted", "true"))
                .build(),
                CustomResourceOptions.builder().parent(this).protect(true).retainOnDelete(true).build());
    }

    /** Named by table and destination only, so a mode switch updates the route's target in place (ReplaceRoute). */
    private void declareRoutes(Args args, NatPlan.Slot slot, java.util.function.Consumer<RouteArgs.Builder> target,
                               List<com.pulumi.resources.Resource> after) {
        for (SubnetRole role : slot.routedSubnets()) {
            var routeArgs = RouteArgs.builder()
                    .routeTableId(args.routeTableIds().get(role))
                    .destinationCidrBlock(RouteDestination.ANYWHERE.toString());
            target.accept(routeArgs);
            new com.pulumi.aws.ec2.Route(args.names().route(role, RouteDestination.anywhere()), routeArgs.build(),
                    CustomResourceOptions.builder().parent(this).dependsOn(after).build());
        }
    }

    /**
     * fck-nat in an Auto Scaling group of one behind a fixed interface: the route and the EIP outlive every
     * instance. The route switches to the interface only once the group has an instance in service, so a switch
     * from a NAT gateway does not send traffic to an interface nothing has attached yet.
     */
    private void declareInstance(NatPlan.Mode.Instance nat, NatPlan.Slot slot, Args args, Output<String> subnetId,
                                 Eip eip) {
        NatPlan.InstanceSlot names = slot.instance().orElseThrow();
        Map<String, String> natTags = Map.of(NatPlan.InstanceSlot.TAG, names.autoScalingGroupName());

        var group = new SecurityGroup(names.securityGroupName(), SecurityGroupArgs.builder()
                .vpcId(args.vpcId())
                .description(names.securityGroupDescription())
                .tags(Map.of("Name", names.securityGroupName()))
                .build(), child());
        for (Cidr cidr : names.ingressCidrs()) {
            String ruleName = names.ingressRuleName(cidr);
            new SecurityGroupIngressRule(ruleName, SecurityGroupIngressRuleArgs.builder()
                    .securityGroupId(group.id()).ipProtocol("-1").cidrIpv4(cidr.toString())
                    .description(names.ingressRuleDescription()).tags(Map.of("Name", ruleName))
                    .build(), child());
        }
        String egressName = names.egressRuleName();
        new SecurityGroupEgressRule(egressName, SecurityGroupEgressRuleArgs.builder()
                .securityGroupId(group.id()).ipProtocol("-1").cidrIpv4(RouteDestination.ANYWHERE.toString())
                .description(names.egressRuleDescription()).tags(Map.of("Name", egressName))
                .build(), child());

        var eni = new NetworkInterface(names.interfaceName(), NetworkInterfaceArgs.builder()
                .subnetId(subnetId)
                .securityGroups(group.id().applyValue(List::of))
                .sourceDestCheck(names.sourceDestCheck())
                .description(names.interfaceDescription())
                .tags(merge(natTags, Map.of("Name", names.interfaceName())))
                .build(), child());

        var role = new Role(names.roleName(), RoleArgs.builder()
                .assumeRolePolicy(NatInstanceBoot.trustPolicyJson())
                .description(names.roleDescription())
                .build(), child());
        var ssm = new RolePolicyAttachment(names.roleName() + "-ssm", RolePolicyAttachmentArgs.builder()
                .role(role.name()).policyArn(NatInstanceBoot.SSM_CORE_POLICY_ARN).build(), child());
        var own = new RolePolicy(names.roleName() + "-nat", RolePolicyArgs.builder()
                .role(role.id())
                .policy(Output.tuple(eni.id(), eip.allocationId())
                        .applyValue(t -> NatInstanceBoot.policyJson(nat, names, t.t1, t.t2)))
                .build(), child());
        var profile = new InstanceProfile(names.profileName(), InstanceProfileArgs.builder()
                .role(role.name()).build(), child());

        var template = new LaunchTemplate(names.launchTemplateName(), LaunchTemplateArgs.builder()
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
                .userData(Output.tuple(eni.id(), eip.allocationId(), eip.publicIp()).applyValue(t -> Base64.getEncoder()
                        .encodeToString(NatInstanceBoot.userData(nat, names, t.t1, t.t2, t.t3)
                                .getBytes(StandardCharsets.UTF_8))))
                .tagSpecifications(
                        LaunchTemplateTagSpecificationArgs.builder().resourceType("instance")
                                .tags(merge(natTags, Map.of("Name", names.autoScalingGroupName()))).build(),
                        LaunchTemplateTagSpecificationArgs.builder().resourceType("network-interface")
                                .tags(merge(natTags, Map.of("Name", names.autoScalingGroupName() + "-outbound")))
                                .build())
                .updateDefaultVersion(true)
                .tags(Map.of("Name", names.launchTemplateName()))
                .build(), child());

        var asg = new Group(names.groupName(), GroupArgs.builder()
                .name(names.autoScalingGroupName())
                .minSize(1).maxSize(1).desiredCapacity(1)
                .vpcZoneIdentifiers(subnetId.applyValue(List::of))
                .launchTemplate(GroupLaunchTemplateArgs.builder()
                        .id(template.id()).version(template.latestVersion().applyValue(String::valueOf)).build())
                .healthCheckType("EC2")
                .healthCheckGracePeriod(300)
                // A new launch template version (a new fck-nat AMI, say) replaces the one instance.
                .instanceRefresh(GroupInstanceRefreshArgs.builder().strategy("Rolling")
                        .preferences(GroupInstanceRefreshPreferencesArgs.builder().minHealthyPercentage(0).build())
                        .build())
                .tags(GroupTagArgs.builder().key("Name").value(names.autoScalingGroupName())
                        .propagateAtLaunch(true).build())
                .build(), CustomResourceOptions.builder().parent(this).deleteBeforeReplace(true)
                .dependsOn(List.of(ssm, own, eni)).build());
        declareRoutes(args, slot, route -> route.networkInterfaceId(eni.id()), List.of(asg));
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        var all = new LinkedHashMap<>(a);
        all.putAll(b);
        return all;
    }

    private CustomResourceOptions child() {
        return CustomResourceOptions.builder().parent(this).build();
    }
}
