package com.kubetrader.plan.fleet;

import com.kubetrader.plan.IamPolicy;
import com.kubetrader.plan.aws.Declarations;
import java.util.List;
import java.util.Map;

/**
 * What {@code BenchmarkResults} and {@code BenchmarkFleet} will send to AWS for a {@link BenchmarkPlan}, input by
 * input, so AWS's rules can be checked before anything is declared. Mirrors the components; a mock-engine test holds
 * the two to each other.
 */
public final class FleetDeclarations {

    static final String KEY = FleetSettings.NAMESPACE_PREFIX;
    static final String BUCKET = "aws:s3/bucketV2:BucketV2";
    static final String INSTANCE = "aws:ec2/instance:Instance";
    static final String ROLE = "aws:iam/role:Role";
    static final String PROFILE = "aws:iam/instanceProfile:InstanceProfile";
    static final String DOCUMENT = "aws:ssm/document:Document";

    private FleetDeclarations() {
    }

    public static void declare(BenchmarkPlan plan, Declarations out) {
        plan.results().ifPresent(results -> results(results, out));
        plan.fleet().ifPresent(fleet -> fleet(fleet, out));
    }

    private static void results(ResultsBucketPlan r, Declarations out) {
        String bucketKey = KEY + FleetSettings.BUCKET;
        out.resource(BUCKET, r.bucketResource()).set("bucket", r.bucketName(), bucketKey).set("forceDestroy", false)
                .tags(Map.of("Name", r.bucketName(), "kubetrader:purpose", "benchmark-results"));
        String bucketId = r.bucketName();
        out.resource("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", r.publicAccessBlockResource())
                .set("bucket", bucketId).set("blockPublicAcls", true).set("blockPublicPolicy", true)
                .set("ignorePublicAcls", true).set("restrictPublicBuckets", true);
        out.resource("aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
                        r.encryptionResource()).set("bucket", bucketId)
                .set("rules[].applyServerSideEncryptionByDefault.sseAlgorithm", r.sseAlgorithm());
        out.resource("aws:s3/bucketVersioningV2:BucketVersioningV2", r.versioningResource()).set("bucket", bucketId)
                .set("versioningConfiguration.status", r.versioningStatus());
        out.resource("aws:s3/bucketPolicy:BucketPolicy", r.policyResource()).set("bucket", bucketId)
                .set("policy", r.policyJson());
    }

    private static void fleet(FleetPlan plan, Declarations out) {
        Declarations.Ids ids = out.ids();
        String vpc = ids.id("aws:ec2/vpc:Vpc", plan.vpcResource());
        out.resource("aws:ec2/vpc:Vpc", plan.vpcResource()).set("cidrBlock", plan.vpcCidr().toString(), KEY + "benchmarkVpcCidr")
                .set("enableDnsSupport", true).set("enableDnsHostnames", true).tags(Map.of("Name", plan.vpcResource()));
        out.resource("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", plan.defaultSecurityGroupResource())
                .set("vpcId", vpc).tags(Map.of("Name", plan.defaultSecurityGroupResource() + " (no rules)"));
        out.resource("aws:ec2/internetGateway:InternetGateway", plan.internetGatewayResource()).set("vpcId", vpc)
                .tags(Map.of("Name", plan.internetGatewayResource()));
        String table = ids.id("aws:ec2/routeTable:RouteTable", plan.routeTableResource());
        out.resource("aws:ec2/routeTable:RouteTable", plan.routeTableResource()).set("vpcId", vpc)
                .tags(Map.of("Name", plan.routeTableResource()));
        out.resource("aws:ec2/route:Route", plan.defaultRouteResource()).set("routeTableId", table)
                .set("destinationCidrBlock", "0.0.0.0/0")
                .set("gatewayId", ids.id("aws:ec2/internetGateway:InternetGateway", plan.internetGatewayResource()));
        String group = ids.id("aws:ec2/securityGroup:SecurityGroup", plan.securityGroupResource());
        out.resource("aws:ec2/securityGroup:SecurityGroup", plan.securityGroupResource()).set("vpcId", vpc)
                .set("description", plan.securityGroupDescription()).tags(Map.of("Name", plan.securityGroupResource()));
        out.resource("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", plan.egressRuleResource())
                .set("securityGroupId", group).set("ipProtocol", "-1").set("cidrIpv4", "0.0.0.0/0")
                .set("description", plan.egressRuleDescription());

        FleetIamPlan iam = plan.iam();
        String role = ids.id(ROLE, iam.roleResource());
        out.resource(ROLE, iam.roleResource()).set("assumeRolePolicy", iam.assumeRolePolicyJson())
                .set("description", iam.roleDescription()).tags(Map.of("Name", iam.roleResource()));
        for (String arn : iam.managedPolicyArns()) {
            out.resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", iam.managedAttachmentResource())
                    .set("role", role).set("policyArn", arn);
        }
        out.resource("aws:iam/rolePolicy:RolePolicy", iam.inlinePolicyResource()).set("role", role)
                .set("policy", iam.inlinePolicyJson());
        out.resource(PROFILE, iam.profileResource()).set("role", role).tags(Map.of("Name", iam.profileResource()));

        for (ScriptUpload script : plan.scripts()) {
            out.resource("aws:s3/bucketObjectv2:BucketObjectv2", script.resourceName())
                    .set("bucket", plan.bucketName(), KEY + FleetSettings.BUCKET).set("key", script.key())
                    .set("contentType", script.contentType());
        }

        FleetInstanceSpec spec = plan.instance();
        for (FleetZone zone : plan.zones()) {
            String subnet = ids.id("aws:ec2/subnet:Subnet", zone.subnetResource());
            out.resource("aws:ec2/subnet:Subnet", zone.subnetResource()).set("vpcId", vpc)
                    .set("cidrBlock", zone.subnetCidr().toString(), KEY + "benchmarkSubnetCidrs")
                    .set("availabilityZoneId", zone.azId().value(), KEY + "benchmarkAzIds")
                    .set("mapPublicIpOnLaunch", false).tags(zone.subnetTags());
            out.resource("aws:ec2/routeTableAssociation:RouteTableAssociation", zone.associationResource())
                    .set("subnetId", subnet).set("routeTableId", table);
            var instance = out.resource(INSTANCE, zone.instanceResource()).set("ami", spec.amiId())
                    .set("instanceType", spec.instanceType(), KEY + FleetSettings.INSTANCE_TYPE)
                    .set("subnetId", subnet).set("associatePublicIpAddress", spec.associatePublicIpAddress())
                    .each("vpcSecurityGroupIds", List.of(group))
                    .set("iamInstanceProfile", ids.id(PROFILE, iam.profileResource()))
                    .set("metadataOptions.httpEndpoint", spec.httpEndpoint())
                    .set("metadataOptions.httpTokens", spec.httpTokens())
                    .set("metadataOptions.httpPutResponseHopLimit", spec.httpPutResponseHopLimit())
                    .set("rootBlockDevice.volumeType", spec.rootVolumeType())
                    .set("rootBlockDevice.volumeSize", spec.rootVolumeGiB(), KEY + "benchmarkRootVolumeGiB")
                    .set("rootBlockDevice.encrypted", spec.rootVolumeEncrypted())
                    .set("rootBlockDevice.deleteOnTermination", true)
                    .tags(zone.tags());
            zone.placementGroup().ifPresent(g -> instance.set("placementGroup", g, KEY + "benchmarkPlacementGroups"));
            out.resource("aws:ec2transitgateway/instanceState:InstanceState", zone.stateResource(plan.declaredState()))
                    .set("instanceId", ids.id(INSTANCE, zone.instanceResource()))
                    .set("state", plan.declaredState().state());
        }

        SsmDocumentPlan document = plan.document();
        out.resource(DOCUMENT, document.resourceName()).set("name", document.documentName())
                .set("documentType", SsmDocumentPlan.TYPE).set("documentFormat", SsmDocumentPlan.FORMAT)
                .set("targetType", SsmDocumentPlan.TARGET_TYPE).set("content", document.content())
                .tags(document.tags());
        plan.window().ifPresent(window -> window(plan, window, out));
    }

    private static void window(FleetPlan plan, WindowRunbook window, Declarations out) {
        Declarations.Ids ids = out.ids();
        List<String> instances = plan.zones().stream().map(z -> ids.id(INSTANCE, z.instanceResource())).toList();
        out.resource(DOCUMENT, window.documentResource()).set("name", window.documentName())
                .set("documentType", "Automation").set("documentFormat", SsmDocumentPlan.FORMAT)
                .set("content", window.content()).tags(Map.of("Name", window.documentResource()));
        out.resource(ROLE, window.automationRoleResource())
                .set("assumeRolePolicy", IamPolicy.trust("ssm.amazonaws.com", IamPolicy.sourceAccount(plan.accountId())))
                .set("description", window.automationRoleDescription())
                .tags(Map.of("Name", window.automationRoleResource()));
        out.resource("aws:iam/rolePolicy:RolePolicy", window.automationPolicyResource())
                .set("role", ids.id(ROLE, window.automationRoleResource()))
                .withIds("policy", IamPolicy.of(window.automationStatements(plan.region(), plan.accountId(), instances)));
        out.resource(ROLE, window.schedulerRoleResource())
                .set("assumeRolePolicy", IamPolicy.trust("scheduler.amazonaws.com", IamPolicy.sourceAccount(plan.accountId())))
                .set("description", window.schedulerRoleDescription())
                .tags(Map.of("Name", window.schedulerRoleResource()));
        String automationRoleArn = ids.arn(ROLE, window.automationRoleResource());
        out.resource("aws:iam/rolePolicy:RolePolicy", window.schedulerPolicyResource())
                .set("role", ids.id(ROLE, window.schedulerRoleResource()))
                .withIds("policy", IamPolicy.of(window.schedulerStatements(plan.region(), plan.accountId(),
                        automationRoleArn)));
        out.resource("aws:scheduler/schedule:Schedule", window.scheduleResource()).set("name", window.scheduleResource())
                .set("description", window.scheduleDescription())
                .set("scheduleExpression", window.expression(), KEY + "benchmarkSchedule")
                .set("scheduleExpressionTimezone", window.timezone(), KEY + "benchmarkScheduleTimezone")
                .set("flexibleTimeWindow.mode", "OFF")
                .set("target.arn", WindowRunbook.SCHEDULER_TARGET)
                .set("target.roleArn", ids.arn(ROLE, window.schedulerRoleResource()))
                .withIds("target.input", window.scheduleInput(instances, automationRoleArn))
                .set("target.retryPolicy.maximumRetryAttempts", 0);
    }
}
