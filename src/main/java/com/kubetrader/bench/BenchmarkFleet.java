package com.kubetrader.bench;

import com.kubetrader.plan.IamPolicy;
import com.kubetrader.plan.fleet.FleetPlan;
import com.kubetrader.plan.fleet.WindowRunbook;
import com.kubetrader.plan.fleet.FleetZone;
import com.kubetrader.plan.fleet.ScriptUpload;
import com.pulumi.asset.FileAsset;
import com.pulumi.aws.ec2.DefaultSecurityGroup;
import com.pulumi.aws.ec2.DefaultSecurityGroupArgs;
import com.pulumi.aws.ec2.Instance;
import com.pulumi.aws.ec2.InstanceArgs;
import com.pulumi.aws.ec2.InternetGateway;
import com.pulumi.aws.ec2.InternetGatewayArgs;
import com.pulumi.aws.ec2.Route;
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
import com.pulumi.aws.ec2.inputs.InstanceMetadataOptionsArgs;
import com.pulumi.aws.ec2.inputs.InstanceRootBlockDeviceArgs;
import com.pulumi.aws.iam.InstanceProfile;
import com.pulumi.aws.iam.InstanceProfileArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.iam.RolePolicyAttachment;
import com.pulumi.aws.iam.RolePolicyAttachmentArgs;
import com.pulumi.aws.s3.BucketObjectv2;
import com.pulumi.aws.s3.BucketObjectv2Args;
import com.pulumi.aws.ssm.Document;
import com.pulumi.aws.ssm.DocumentArgs;
import com.pulumi.aws.vpc.SecurityGroupEgressRule;
import com.pulumi.aws.vpc.SecurityGroupEgressRuleArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AZ latency benchmark fleet: its own VPC with a public subnet and one hardened instance per
 * AZ ID, the instance role, the scripts uploaded to the results bucket, and the SSM Command
 * document. Every decision comes from the {@link FleetPlan}; this class only declares it.
 */
public final class BenchmarkFleet extends ComponentResource {

    public static final String TYPE = "kubetrader:bench:BenchmarkFleet";

    public final Output<String> vpcId;
    /** AZ ID to instance ID, in the order the AZ IDs were configured. */
    public final Output<Map<String, String>> instanceIds;
    public final Output<String> documentName;
    public final Output<String> sendCommand;
    public final Output<String> syncCommand;

    /** @param bucket the results bucket's name, as an output so the uploads wait for the bucket */
    public BenchmarkFleet(String name, FleetPlan plan, Output<String> bucket, ComponentResourceOptions options) {
        super(TYPE, name, options);

        var vpc = new Vpc(plan.vpcResource(), VpcArgs.builder()
                .cidrBlock(plan.vpcCidr().toString())
                .enableDnsSupport(true)
                .enableDnsHostnames(true)
                .tags(Map.of("Name", plan.vpcResource()))
                .build(), child());
        // Nothing uses the default group, but private by default means it allows nothing either.
        new DefaultSecurityGroup(plan.defaultSecurityGroupResource(), DefaultSecurityGroupArgs.builder()
                .vpcId(vpc.id())
                .tags(Map.of("Name", plan.defaultSecurityGroupResource() + " (no rules)"))
                .build(), child());
        var igw = new InternetGateway(plan.internetGatewayResource(), InternetGatewayArgs.builder()
                .vpcId(vpc.id())
                .tags(Map.of("Name", plan.internetGatewayResource()))
                .build(), child());
        var table = new RouteTable(plan.routeTableResource(), RouteTableArgs.builder()
                .vpcId(vpc.id())
                .tags(Map.of("Name", plan.routeTableResource()))
                .build(), child());
        new Route(plan.defaultRouteResource(), RouteArgs.builder()
                .routeTableId(table.id())
                .destinationCidrBlock("0.0.0.0/0")
                .gatewayId(igw.id())
                .build(), child());

        var group = new SecurityGroup(plan.securityGroupResource(), SecurityGroupArgs.builder()
                .vpcId(vpc.id())
                .description(plan.securityGroupDescription())
                .tags(Map.of("Name", plan.securityGroupResource()))
                .build(), child());
        new SecurityGroupEgressRule(plan.egressRuleResource(), SecurityGroupEgressRuleArgs.builder()
                .securityGroupId(group.id())
                .ipProtocol("-1")
                .cidrIpv4("0.0.0.0/0")
                .description(plan.egressRuleDescription())
                .build(), child());

        var role = new Role(plan.iam().roleResource(), RoleArgs.builder()
                .assumeRolePolicy(plan.iam().assumeRolePolicyJson())
                .description(plan.iam().roleDescription())
                .tags(Map.of("Name", plan.iam().roleResource()))
                .build(), child());
        List<com.pulumi.resources.Resource> permissions = new ArrayList<>();
        for (String arn : plan.iam().managedPolicyArns()) {
            permissions.add(new RolePolicyAttachment(plan.iam().managedAttachmentResource(), RolePolicyAttachmentArgs.builder()
                    .role(role.name())
                    .policyArn(arn)
                    .build(), child()));
        }
        permissions.add(new RolePolicy(plan.iam().inlinePolicyResource(), RolePolicyArgs.builder()
                .role(role.name())
                .policy(plan.iam().inlinePolicyJson())
                .build(), child()));
        var profile = new InstanceProfile(plan.iam().profileResource(), InstanceProfileArgs.builder()
                .role(role.name())
                .tags(Map.of("Name", plan.iam().profileResource()))
                .build(), child());

        List<com.pulumi.resources.Resource> uploads = new ArrayList<>();
        for (ScriptUpload script : plan.scripts()) {
            uploads.add(new BucketObjectv2(script.resourceName(), BucketObjectv2Args.builder()
                    .bucket(bucket)
                    .key(script.key())
                    .source(new FileAsset(script.source().toString()))
                    .contentType(script.contentType())
                    .build(), child()));
        }

        Map<String, Output<String>> ids = new LinkedHashMap<>();
        for (FleetZone zone : plan.zones()) {
            var subnet = new Subnet(zone.subnetResource(), SubnetArgs.builder()
                    .vpcId(vpc.id())
                    .cidrBlock(zone.subnetCidr().toString())
                    .availabilityZoneId(zone.azId().value())
                    .mapPublicIpOnLaunch(false)
                    .tags(zone.subnetTags())
                    .build(), child());
            new RouteTableAssociation(zone.associationResource(), RouteTableAssociationArgs.builder()
                    .subnetId(subnet.id())
                    .routeTableId(table.id())
                    .build(), child());
            var spec = plan.instance();
            var args = InstanceArgs.builder();
            zone.placementGroup().ifPresent(args::placementGroup); // adopted: made with the AWS CLI beforehand
            var instance = new Instance(zone.instanceResource(), args
                    .ami(spec.amiId())
                    .instanceType(spec.instanceType())
                    .subnetId(subnet.id())
                    .associatePublicIpAddress(spec.associatePublicIpAddress())
                    .vpcSecurityGroupIds(group.id().applyValue(List::of))
                    .iamInstanceProfile(profile.name())
                    .metadataOptions(InstanceMetadataOptionsArgs.builder()
                            .httpEndpoint(spec.httpEndpoint())
                            .httpTokens(spec.httpTokens())
                            .httpPutResponseHopLimit(spec.httpPutResponseHopLimit())
                            .build())
                    .rootBlockDevice(InstanceRootBlockDeviceArgs.builder()
                            .volumeType(spec.rootVolumeType())
                            .volumeSize(spec.rootVolumeGiB())
                            .encrypted(spec.rootVolumeEncrypted())
                            .deleteOnTermination(true)
                            .build())
                    .tags(zone.tags())
                    .build(), instanceOptions(plan, permissions));
            ids.put(zone.azId().value(), instance.id());
            // Between windows the instances are stopped, set once at creation and then ignored: a `pulumi up` (even
            // with --refresh) during a window never stops a running benchmark, and never fights the runbook. Without
            // windows they are declared running (see FleetPlan.declaredState).
            FleetPlan.DeclaredState declared = plan.declaredState();
            var stateOptions = CustomResourceOptions.builder().parent(this);
            if (declared.setOnceThenIgnored()) {
                stateOptions.ignoreChanges("state");
            }
            new com.pulumi.aws.ec2transitgateway.InstanceState(zone.stateResource(declared),
                    com.pulumi.aws.ec2transitgateway.InstanceStateArgs.builder()
                            .instanceId(instance.id())
                            .state(declared.state())
                            .build(), stateOptions.build());
        }

        var document = new Document(plan.document().resourceName(), DocumentArgs.builder()
                .name(plan.document().documentName())
                .documentType(com.kubetrader.plan.fleet.SsmDocumentPlan.TYPE)
                .documentFormat(com.kubetrader.plan.fleet.SsmDocumentPlan.FORMAT)
                .targetType(com.kubetrader.plan.fleet.SsmDocumentPlan.TARGET_TYPE)
                .content(plan.document().content())
                .tags(plan.document().tags())
                .build(), CustomResourceOptions.builder().parent(this).dependsOn(uploads).build());

        plan.window().ifPresent(window -> declareWindow(plan, window, List.copyOf(ids.values()), document));

        this.vpcId = vpc.id();
        this.instanceIds = Output.all(List.copyOf(ids.values())).applyValue(values -> {
            Map<String, String> out = new LinkedHashMap<>();
            var keys = ids.keySet().iterator();
            values.forEach(v -> out.put(keys.next(), v));
            return out;
        });
        this.documentName = document.name();
        this.sendCommand = instanceIds.applyValue(byAz -> plan.sendCommandLine(List.copyOf(byAz.values())));
        this.syncCommand = Output.of(plan.syncCommandLine());
        registerOutputs(Map.of(
                "vpcId", vpcId,
                "instanceIds", instanceIds,
                "documentName", documentName,
                "sendCommand", sendCommand,
                "syncCommand", syncCommand));
    }

    /**
     * With a schedule, a new AL2023 AMI must not replace the instances in the middle of a window: the AMI is
     * ignored once the instances exist (take a new one between windows with {@code pulumi up --replace}).
     */
    private CustomResourceOptions instanceOptions(FleetPlan plan, List<com.pulumi.resources.Resource> permissions) {
        var options = CustomResourceOptions.builder().parent(this).dependsOn(permissions);
        if (plan.window().isPresent()) {
            options.ignoreChanges("ami");
        }
        return options.build();
    }

    /** The recurring window: the runbook, its role, the schedule's role and the schedule. */
    private void declareWindow(FleetPlan plan, WindowRunbook window, List<Output<String>> instanceIds,
                               Document commandDocument) {
        var runbook = new Document(window.documentResource(), DocumentArgs.builder()
                .name(window.documentName())
                .documentType("Automation")
                .documentFormat("JSON")
                .content(window.content())
                .tags(Map.of("Name", window.documentResource()))
                .build(), CustomResourceOptions.builder().parent(this).dependsOn(commandDocument).build());
        var automationRole = new Role(window.automationRoleResource(), RoleArgs.builder()
                .assumeRolePolicy(IamPolicy.trust("ssm.amazonaws.com", IamPolicy.sourceAccount(plan.accountId())))
                .description(window.automationRoleDescription())
                .tags(Map.of("Name", window.automationRoleResource()))
                .build(), child());
        Output<List<String>> ids = Output.all(instanceIds);
        new RolePolicy(window.automationPolicyResource(), RolePolicyArgs.builder()
                .role(automationRole.name())
                .policy(ids.applyValue(list -> IamPolicy.of(window.automationStatements(plan.region(),
                        plan.accountId(), list))))
                .build(), child());
        var schedulerRole = new Role(window.schedulerRoleResource(), RoleArgs.builder()
                .assumeRolePolicy(IamPolicy.trust("scheduler.amazonaws.com", IamPolicy.sourceAccount(plan.accountId())))
                .description(window.schedulerRoleDescription())
                .tags(Map.of("Name", window.schedulerRoleResource()))
                .build(), child());
        var schedulerPolicy = new RolePolicy(window.schedulerPolicyResource(), RolePolicyArgs.builder()
                .role(schedulerRole.name())
                .policy(automationRole.arn().applyValue(arn -> IamPolicy.of(window.schedulerStatements(
                        plan.region(), plan.accountId(), arn))))
                .build(), child());
        new com.pulumi.aws.scheduler.Schedule(window.scheduleResource(), com.pulumi.aws.scheduler.ScheduleArgs.builder()
                .name(window.scheduleResource())
                .description(window.scheduleDescription())
                .scheduleExpression(window.expression())
                .scheduleExpressionTimezone(window.timezone())
                .flexibleTimeWindow(com.pulumi.aws.scheduler.inputs.ScheduleFlexibleTimeWindowArgs.builder()
                        .mode("OFF").build())
                .target(com.pulumi.aws.scheduler.inputs.ScheduleTargetArgs.builder()
                        .arn(WindowRunbook.SCHEDULER_TARGET)
                        .roleArn(schedulerRole.arn())
                        .input(Output.tuple(ids, automationRole.arn())
                                .applyValue(t -> window.scheduleInput(t.t1, t.t2)))
                        // a retried start could open a second, overlapping window
                        .retryPolicy(com.pulumi.aws.scheduler.inputs.ScheduleTargetRetryPolicyArgs.builder()
                                .maximumRetryAttempts(0).build())
                        .build())
                .build(), CustomResourceOptions.builder().parent(this).dependsOn(List.of(runbook, schedulerPolicy))
                .build());
    }

    private CustomResourceOptions child() {
        return CustomResourceOptions.builder().parent(this).build();
    }
}
