package com.kubetrader.plan.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.kubetrader.plan.settings.InvalidSettingsException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Values AWS refuses are refused here first, each naming the resource, the input, the value, the rule and its source. */
class AwsRulesTest {

    static final AwsCatalog CATALOG = AwsCatalog.bundled();
    static final String SG = "aws:ec2/securityGroup:SecurityGroup";

    static DeclaredInput in(String type, String input, Object value) {
        return DeclaredInput.of(type, "some-resource", input, value);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("a group description with an apostrophe",
                        in(SG, "description", "NAT instance: forwards the routed subnets' traffic"),
                        "the apostrophe (') is not allowed", "CreateSecurityGroupRequest.Description"),
                Arguments.of("a rule description with a non-ASCII dash",
                        in("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "description", "from the VPC — all"),
                        "'—' (U+2014) is not allowed", "IpRange.Description"),
                Arguments.of("an IAM role name over 64 characters",
                        in("aws:iam/role:Role", "name", "kubetrader-" + "x".repeat(60)),
                        "71 characters, more than the 64 allowed", "CreateRoleRequest.RoleName"),
                Arguments.of("a bucket name with capitals",
                        in("aws:s3/bucketV2:BucketV2", "bucket", "KubeTrader-Results"),
                        "does not have the form AWS requires", "bucketnamingrules"),
                Arguments.of("a bucket name shaped like an IP address",
                        in("aws:s3/bucketV2:BucketV2", "bucket", "192.168.5.4"), "is what AWS forbids here",
                        "bucketnamingrules"),
                Arguments.of("an IAM tag value with parentheses",
                        in("aws:iam/role:Role", "tags{}value", "kubetrader (dev)"),
                        "does not have the form AWS requires", "CreateRole Tag.Value"),
                Arguments.of("a tag key AWS reserves",
                        in("aws:ec2/vpc:Vpc", "tags{}key", "aws:owner"), "starts with aws:, which AWS reserves",
                        "best-practices-and-strats"),
                Arguments.of("an instance type EC2 does not have",
                        in("aws:ec2/launchTemplate:LaunchTemplate", "instanceType", "t4g.nanoo"),
                        "did you mean t4g.nano?", "RequestLaunchTemplateData.InstanceType"),
                Arguments.of("user data over 16 KB before encoding",
                        in("aws:ec2/launchTemplate:LaunchTemplate", "userData",
                                Base64.getEncoder().encodeToString(new byte[16 * 1024 + 1])),
                        "16385 bytes before base64 encoding, more than the 16384 allowed", "instancedata-add-user-data"),
                Arguments.of("a log retention CloudWatch does not offer",
                        in("aws:cloudwatch/logGroup:LogGroup", "retentionInDays", 45), "not one of [1, 3, 5",
                        "PutRetentionPolicy"),
                Arguments.of("a schedule name with a slash",
                        in("aws:scheduler/schedule:Schedule", "name", "bench/window"),
                        "does not have the form AWS requires", "CreateScheduleInput.Name"),
                Arguments.of("an SSM document named with a reserved prefix",
                        in("aws:ssm/document:Document", "name", "AWSSupport-benchmark"), "which AWS reserves",
                        "API_CreateDocument"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesWithTheResourceInputValueRuleAndSource(String what, DeclaredInput value, String problem, String source) {
        // a rule's description goes to the API member for its kind of source: give it one
        var cidr = DeclaredInput.of(value.type(), value.resource(), "cidrIpv4", "10.0.0.0/16");
        List<AwsViolation> found = AwsRules.check(CATALOG, List.of(value, cidr));
        assertThat(found).extracting(AwsViolation::message).anySatisfy(message -> assertThat(message)
                .contains(value.type(), "some-resource", value.input(), problem, source));
    }

    @Test
    void acceptsWhatAwsAccepts() {
        assertThat(AwsRules.check(CATALOG, List.of(
                in(SG, "description", "NAT instance: forwards traffic from the routed subnets to the internet"),
                in("aws:iam/role:Role", "name", "kubetrader-nat-role-1a2b3c4"),
                in("aws:s3/bucketV2:BucketV2", "bucket", "kubetrader-benchmark-results-tokyo"),
                in("aws:ec2/vpc:Vpc", "tags{}value", "kubetrader (dev)"),
                in("aws:ec2/launchTemplate:LaunchTemplate", "instanceType", "t4g.nano")))).isEmpty();
    }

    @Nested
    class RulesThatDependOnTheResource {

        @Test
        void aRuleDescriptionMayHoldAnAmpersandForACidrButNotForAGroup() {
            String type = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
            var cidr = List.of(DeclaredInput.of(type, "r", "cidrIpv4", "10.0.0.0/16"),
                    DeclaredInput.of(type, "r", "description", "Aurora & friends"));
            var group = List.of(DeclaredInput.of(type, "r", "referencedSecurityGroupId", "sg-0123"),
                    DeclaredInput.of(type, "r", "description", "Aurora & friends"));
            assertThat(AwsRules.check(CATALOG, cidr)).isEmpty();
            assertThat(AwsRules.check(CATALOG, group)).extracting(AwsViolation::message)
                    .singleElement().asString().contains("UserIdGroupPair.Description", "'&'");
        }

        @Test
        void inlinePoliciesCountTogetherPerRoleNotCountingWhiteSpace() {
            String type = "aws:iam/rolePolicy:RolePolicy";
            String half = "{\"a\":\"" + "x".repeat(5200) + "\"}";
            var twoOnOneRole = List.of(DeclaredInput.of(type, "p1", "role", "r1"), DeclaredInput.of(type, "p1", "policy", half),
                    DeclaredInput.of(type, "p2", "role", "r1"), DeclaredInput.of(type, "p2", "policy", half));
            var oneEach = List.of(DeclaredInput.of(type, "p1", "role", "r1"), DeclaredInput.of(type, "p1", "policy", half),
                    DeclaredInput.of(type, "p2", "role", "r2"), DeclaredInput.of(type, "p2", "policy", half));
            assertThat(AwsRules.check(CATALOG, twoOnOneRole)).extracting(AwsViolation::message).singleElement()
                    .asString().contains("together with p2", "10240", "reference_iam-quotas");
            assertThat(AwsRules.check(CATALOG, oneEach)).isEmpty();
            String spaced = "{\"a\":\"" + "x".repeat(5000) + "\"}" + " ".repeat(20000);
            assertThat(AwsRules.check(CATALOG, List.of(DeclaredInput.of(type, "p", "role", "r"),
                    DeclaredInput.of(type, "p", "policy", spaced)))).isEmpty();
        }
    }

    @Nested
    class Enforcing {

        @Test
        void aValueFromAStackSettingIsASettingsErrorNamingTheKey() {
            var bucket = in("aws:s3/bucketV2:BucketV2", "bucket", "KubeTrader").fromConfig("kubetrader:benchmarkBucketName");
            assertThatThrownBy(() -> AwsRules.enforce(CATALOG, List.of(bucket)))
                    .isInstanceOf(InvalidSettingsException.class)
                    .hasMessageContaining("kubetrader:benchmarkBucketName = 'KubeTrader'")
                    .hasMessageContaining("the rule for aws:s3/bucketV2:BucketV2 bucket:");
        }

        @Test
        void aSettingSeveralResourcesCarryIsOneError() {
            var a = DeclaredInput.of("aws:s3/bucketV2:BucketV2", "one", "bucket", "KubeTrader")
                    .fromConfig("kubetrader:benchmarkBucketName");
            var b = DeclaredInput.of("aws:s3/bucketV2:BucketV2", "two", "bucket", "KubeTrader")
                    .fromConfig("kubetrader:benchmarkBucketName");
            assertThatThrownBy(() -> AwsRules.enforce(CATALOG, List.of(a, b)))
                    .isInstanceOfSatisfying(InvalidSettingsException.class, e -> assertThat(e.errors()).hasSize(1));
        }

        @Test
        void aValueTheProgramWritesItselfIsADefectToFixInTheProgram() {
            assertThatThrownBy(() -> AwsRules.enforce(CATALOG, List.of(in(SG, "description", "it's"))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("The plan breaks AWS's rules (AWS would refuse these calls; nothing was declared)");
        }

        @Test
        void anEstimatedValueSaysItWasMeasuredWithTheLongestIds() {
            var policy = DeclaredInput.of("aws:iam/role:Role", "r", "assumeRolePolicy", "x".repeat(3000)).withEstimatedIds();
            assertThat(AwsRules.check(CATALOG, List.of(policy))).extracting(AwsViolation::message).singleElement()
                    .asString().contains("measured with every AWS-assigned ID at its longest");
        }
    }

    @Test
    void theProvidersDefaultTagsReachOnlyTheTypesThatTakeThem() {
        Declarations out = new Declarations(CATALOG, Map.of("team", "trading (desk)"), Declarations.Ids.longest("ap-northeast-1", "123456789012"));
        out.resource("aws:iam/role:Role", "role").set("description", "d");
        out.resource("aws:autoscaling/group:Group", "group").set("name", "g");
        assertThat(out.inputs()).filteredOn(i -> i.input().equals("tags{}value"))
                .singleElement().satisfies(i -> {
                    assertThat(i.type()).isEqualTo("aws:iam/role:Role");
                    assertThat(i.configKey()).contains("aws:defaultTags");
                });
        assertThatThrownBy(() -> AwsRules.enforce(CATALOG, out.inputs())).isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("aws:defaultTags = 'trading (desk)'");
    }
}
