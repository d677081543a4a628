package com.kubetrader.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.kubetrader.offline.OfflineRun;
import com.kubetrader.offline.PlannedResource;
import com.kubetrader.offline.SimulatedAccount;
import com.kubetrader.plan.fleet.FleetPlanner;
import com.kubetrader.plan.fleet.StreamTradesDocument;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The real stack program in Pulumi's mock engine: what the benchmark declares per stack and switch. */
@DisplayName("The benchmark in the stack")
class BenchmarkFleetStackTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String INSTANCE = "aws:ec2/instance:Instance";
    static final String SUBNET = "aws:ec2/subnet:Subnet";
    static final String BUCKET = "aws:s3/bucketV2:BucketV2";
    static final String DOCUMENT = "aws:ssm/document:Document";
    static final List<String> BUCKET_TYPES = List.of(BUCKET, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
            "aws:s3/bucketVersioningV2:BucketVersioningV2", "aws:s3/bucketPolicy:BucketPolicy");

    static OfflineRun.Result run(String stack, Map<String, String> overrides, SimulatedAccount account) {
        return OfflineRun.run(Path.of(""), stack, overrides, account);
    }

    static List<PlannedResource> childrenOf(OfflineRun.Result run, String componentType) {
        PlannedResource component = run.ofType(componentType).get(0);
        return run.resources().stream().filter(r -> component.urn().equals(r.parentUrn())).toList();
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @DisplayName("dev, with the fleet on")
    class Dev {
        OfflineRun.Result run;

        @BeforeAll
        void plan() {
            run = run("dev", Map.of(), new SimulatedAccount());
            assertThat(run.errors()).isEmpty();
        }

        @Test
        void declaresTheFleetComponentWithEveryChildParentedToItAndNamedFromIt() {
            assertThat(run.ofType(BenchmarkFleet.TYPE)).singleElement()
                    .extracting(PlannedResource::name).isEqualTo("kubetrader-bench");
            List<PlannedResource> children = childrenOf(run, BenchmarkFleet.TYPE);
            assertThat(children).isNotEmpty().allSatisfy(c -> assertThat(c.name()).startsWith("kubetrader-bench-"));
            assertThat(run.ofType(INSTANCE)).allSatisfy(i -> assertThat(i.parentType()).contains(BenchmarkFleet.TYPE));
            assertThat(run.ofType("aws:ec2/vpc:Vpc").stream().filter(v -> v.name().startsWith("kubetrader-bench")))
                    .singleElement().satisfies(v -> assertThat(v.inputText("cidrBlock")).isEqualTo("10.0.0.0/16"));
        }

        @Test
        void declaresThreeInstancesOnePerAzIdEachInItsOwnSubnet() {
            List<PlannedResource> instances = run.ofType(INSTANCE);
            assertThat(instances).hasSize(3);
            List<String> azOfInstance = new ArrayList<>();
            for (PlannedResource instance : instances) {
                PlannedResource subnet = run.ofType(SUBNET).stream()
                        .filter(s -> s.name().startsWith("kubetrader-bench-subnet-"))
                        .filter(s -> s.name().endsWith("-" + instance.name().substring("kubetrader-bench-".length())))
                        .findFirst().orElseThrow();
                azOfInstance.add(subnet.inputText("availabilityZoneId"));
                @SuppressWarnings("unchecked")
                Map<String, Object> tags = (Map<String, Object>) instance.inputs().get("tags");
                assertThat(tags.get(FleetPlanner.AZ_ID_TAG)).isEqualTo(subnet.inputText("availabilityZoneId"));
            }
            assertThat(azOfInstance).containsExactlyInAnyOrder("apne1-az4", "apne1-az1", "apne1-az2");
            assertThat(instances).extracting(i -> i.inputText("subnetId")).doesNotHaveDuplicates()
                    .allSatisfy(id -> assertThat(id).startsWith("subnet-"));
            // Registration order is not declaration order, so pair each subnet's AZ ID with its block.
            assertThat(run.ofType(SUBNET).stream().filter(s -> s.name().startsWith("kubetrader-bench-subnet-"))
                    .map(s -> s.inputText("availabilityZoneId") + " " + s.inputText("cidrBlock")))
                    .containsExactlyInAnyOrder("apne1-az4 10.0.1.0/24", "apne1-az1 10.0.2.0/24", "apne1-az2 10.0.3.0/24");
        }

        @Test
        void hardensEveryInstance() {
            assertThat(run.ofType(INSTANCE)).allSatisfy(i -> {
                Map<String, Object> metadata = i.input("metadataOptions");
                assertThat(metadata).containsEntry("httpTokens", "required").containsEntry("httpEndpoint", "enabled");
                assertThat(((Number) metadata.get("httpPutResponseHopLimit")).intValue()).isEqualTo(1);
                Map<String, Object> root = i.input("rootBlockDevice");
                assertThat(root).containsEntry("volumeType", "gp3").containsEntry("encrypted", true);
                assertThat(i.inputs()).doesNotContainKey("keyName");
                assertThat(i.inputText("instanceType")).isEqualTo("c8g.xlarge");
                assertThat(i.inputText("ami")).isEqualTo(SimulatedAccount.amiFor(
                        "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"));
                assertThat(i.inputText("iamInstanceProfile")).isEqualTo("kubetrader-bench-profile");
            });
        }

        @Test
        void givesTheInstancesASecurityGroupWithNoIngressAndAllEgress() {
            List<PlannedResource> fleet = childrenOf(run, BenchmarkFleet.TYPE);
            assertThat(fleet).noneMatch(r -> r.type().equals("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"));
            PlannedResource group = run.named("aws:ec2/securityGroup:SecurityGroup", "kubetrader-bench-sg");
            assertThat(group.inputs()).doesNotContainKey("ingress");
            PlannedResource egress = run.named("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "kubetrader-bench-sg-out-all");
            assertThat(egress.inputText("ipProtocol")).isEqualTo("-1");
            assertThat(egress.inputText("cidrIpv4")).isEqualTo("0.0.0.0/0");
        }

        @Test
        void emptiesTheFleetVpcsDefaultSecurityGroup() {
            PlannedResource defaultGroup = run.named("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
                    "kubetrader-bench-default-sg");
            assertThat(run.byId(defaultGroup.inputText("vpcId")).name()).isEqualTo("kubetrader-bench-vpc");
            assertThat(defaultGroup.inputs()).doesNotContainKeys("ingress", "egress");
        }

        @Test
        void routesTheFleetSubnetsToTheInternetGateway() {
            PlannedResource route = run.named("aws:ec2/route:Route", "kubetrader-bench-route-internet");
            assertThat(route.inputText("destinationCidrBlock")).isEqualTo("0.0.0.0/0");
            assertThat(route.inputText("gatewayId")).startsWith("igw-");
            assertThat(run.ofType("aws:ec2/routeTableAssociation:RouteTableAssociation").stream()
                    .filter(a -> a.name().startsWith("kubetrader-bench-rta-"))).hasSize(3);
        }

        @Test
        void scopesTheInstanceRoleToSsmCoreAndTheBucketsTwoPrefixes() throws Exception {
            assertThat(childrenOf(run, BenchmarkFleet.TYPE).stream()
                    .filter(r -> r.type().equals("aws:iam/rolePolicyAttachment:RolePolicyAttachment"))
                    .map(r -> r.inputText("policyArn"))).containsExactly(FleetPlanner.SSM_CORE_POLICY_ARN);
            JsonNode policy = JSON.readTree(run.named("aws:iam/rolePolicy:RolePolicy", "kubetrader-bench-s3").inputText("policy"));
            String arn = "arn:aws:s3:::kubetrader-benchmark-results-tokyo";
            List<String> actions = new ArrayList<>();
            List<String> resources = new ArrayList<>();
            policy.get("Statement").forEach(st -> {
                st.get("Action").forEach(a -> actions.add(a.asText()));
                st.get("Resource").forEach(r -> resources.add(r.asText()));
            });
            assertThat(actions).containsExactly("s3:GetObject", "s3:ListBucket", "s3:PutObject");
            assertThat(resources).containsExactly(arn + "/scripts/*", arn, arn + "/results/*");
            assertThat(policy.get("Statement").get(1).get("Condition").get("StringLike").get("s3:prefix"))
                    .extracting(JsonNode::asText).containsExactly("scripts/", "scripts/*", "results/*");
        }

        @Test
        void declaresTheResultsBucketHardenedProtectedAndRetainedOutsideTheFleet() throws Exception {
            for (String type : BUCKET_TYPES) {
                assertThat(run.ofType(type)).singleElement().satisfies(r -> {
                    assertThat(r.protect()).as(type + " protected").isTrue();
                    assertThat(r.retainOnDelete()).as(type + " retained").isTrue();
                    assertThat(r.parentType()).contains(BenchmarkResults.TYPE);
                });
            }
            assertThat(run.ofType(BUCKET).get(0).inputText("bucket")).isEqualTo("kubetrader-benchmark-results-tokyo");
            Map<String, Object> block = run.ofType(BUCKET_TYPES.get(1)).get(0).inputs();
            assertThat(block).containsEntry("blockPublicAcls", true).containsEntry("blockPublicPolicy", true)
                    .containsEntry("ignorePublicAcls", true).containsEntry("restrictPublicBuckets", true);
            assertThat(run.ofType(BUCKET_TYPES.get(2)).get(0).inputText("rules")).contains("sseAlgorithm=AES256");
            assertThat(run.ofType(BUCKET_TYPES.get(3)).get(0).inputText("versioningConfiguration")).contains("status=Enabled");
            JsonNode deny = JSON.readTree(run.ofType(BUCKET_TYPES.get(4)).get(0).inputText("policy")).get("Statement").get(0);
            assertThat(deny.get("Effect").asText()).isEqualTo("Deny");
            assertThat(deny.get("Condition").get("Bool").get("aws:SecureTransport").asText()).isEqualTo("false");
        }

        @Test
        void uploadsTheScriptsAndTheCollectorJarFromTheRepository() {
            List<PlannedResource> objects = run.ofType("aws:s3/bucketObjectv2:BucketObjectv2");
            assertThat(objects).extracting(o -> o.inputText("key")).containsExactlyInAnyOrder("scripts/run-benchmark.sh",
                    "scripts/write-metadata.sh", "scripts/imds.sh", "scripts/sample-clock.sh", "scripts/setup-phc.sh",
                    "scripts/stream-trades.jar");
            assertThat(objects).allSatisfy(o -> assertThat(o.inputText("bucket")).isEqualTo("kubetrader-benchmark-results-tokyo"));
            assertThat(objects).extracting(o -> o.inputText("source"))
                    .anySatisfy(s -> assertThat(s).contains("path=target/stream-trades.jar"));
        }

        @Test
        void declaresTheCommandDocumentV03WithItsParametersAndSteps() throws Exception {
            PlannedResource doc = run.named(DOCUMENT, "kubetrader-bench-document");
            assertThat(doc.inputText("documentType")).isEqualTo("Command");
            assertThat(doc.inputText("name")).isEqualTo("kubetrader-dev-stream-trades-v0.3");
            JsonNode content = JSON.readTree(doc.inputText("content"));
            assertThat(content.get("schemaVersion").asText()).isEqualTo("2.2");
            assertThat(content.get("description").asText()).contains("SSM Document v0.3");
            List<String> parameters = new ArrayList<>();
            content.get("parameters").fieldNames().forEachRemaining(parameters::add);
            assertThat(parameters).containsExactly("runId", "durationSeconds", "endpoint", "symbols", "executionTimeout");
            content.get("parameters").forEach(p -> assertThat(p.get("allowedPattern").asText()).startsWith("^").endsWith("$"));
            assertThat(content.get("parameters").get("executionTimeout").get("default").asInt())
                    .isEqualTo(content.get("parameters").get("durationSeconds").get("default").asInt()
                            + FleetPlanner.EXECUTION_MARGIN_SECONDS);
            JsonNode steps = content.get("mainSteps");
            assertThat(steps).extracting(s -> s.get("name").asText()).containsExactly("installJdk", "syncScripts", "collect");
            assertThat(steps).allSatisfy(s -> assertThat(s.get("action").asText()).isEqualTo("aws:runShellScript"));
            assertThat(steps.get(0).get("inputs").get("runCommand").toString()).contains("dnf install -y " + StreamTradesDocument.JDK_PACKAGE);
            assertThat(steps.get(1).get("inputs").get("runCommand").toString())
                    .contains("s3://kubetrader-benchmark-results-tokyo/scripts/");
            assertThat(steps.get(2).get("inputs").get("timeoutSeconds").asText()).isEqualTo("{{ executionTimeout }}");
            assertThat(steps.get(2).get("inputs").get("runCommand").toString())
                    .contains("run-benchmark.sh").contains("--run-id '{{ runId }}'");
        }

        @Test
        void exportsThePasteableSendCommandForTheThreeInstancesAndTheSyncLine() {
            @SuppressWarnings("unchecked")
            Map<String, String> ids = (Map<String, String>) run.outputs().get("benchmarkInstanceIds");
            assertThat(ids).containsOnlyKeys("apne1-az4", "apne1-az1", "apne1-az2");
            String send = (String) run.outputs().get("benchmarkSendCommand");
            assertThat(send).contains("aws ssm send-command").contains("--document-name kubetrader-dev-stream-trades-v0.3")
                    .contains("--instance-ids " + String.join(" ", ids.values())).contains("--region ap-northeast-1");
            assertThat((String) run.outputs().get("benchmarkSyncCommand"))
                    .isEqualTo("aws s3 sync --region ap-northeast-1 s3://kubetrader-benchmark-results-tokyo/results/$RUN_ID ./runs/$RUN_ID");
            assertThat(run.outputs()).containsEntry("benchmarkBucket", "kubetrader-benchmark-results-tokyo")
                    .containsEntry("benchmarkDocumentName", "kubetrader-dev-stream-trades-v0.3");
        }
    }

    @Nested
    @DisplayName("prod")
    class Prod {
        @Test
        void declaresNoFleetAndNoBucket() {
            OfflineRun.Result run = run("prod", Map.of(), new SimulatedAccount());
            assertThat(run.errors()).isEmpty();
            assertThat(run.resources()).noneMatch(r -> r.name().startsWith("kubetrader-bench"));
            assertThat(run.outputs()).doesNotContainKeys("benchmarkBucket", "benchmarkSendCommand");
        }
    }

    @Nested
    @DisplayName("dev with the fleet switched off")
    class FleetOff {
        @Test
        void tearsTheFleetDownAndKeepsTheSameBucketUnderTheSameUrn() {
            OfflineRun.Result on = run("dev", Map.of(), new SimulatedAccount());
            OfflineRun.Result off = run("dev", Map.of("kubetrader:benchmarkEnabled", "false"), new SimulatedAccount());
            assertThat(off.errors()).isEmpty();
            assertThat(off.ofType(BenchmarkFleet.TYPE)).isEmpty();
            assertThat(off.ofType(INSTANCE)).isEmpty();
            assertThat(off.ofType(DOCUMENT)).isEmpty();
            for (String type : BUCKET_TYPES) {
                assertThat(off.ofType(type)).extracting(PlannedResource::urn)
                        .containsExactlyElementsOf(on.ofType(type).stream().map(PlannedResource::urn).toList());
                assertThat(off.ofType(type)).allSatisfy(r -> assertThat(r.protect()).isTrue());
            }
            assertThat(off.outputs()).containsEntry("benchmarkBucket", "kubetrader-benchmark-results-tokyo")
                    .doesNotContainKeys("benchmarkSendCommand", "benchmarkInstanceIds");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @DisplayName("dev with a recurring window every six hours")
    class RecurringWindow {
        static final String SCHEDULE = "aws:scheduler/schedule:Schedule";
        static final String STATE = "aws:ec2transitgateway/instanceState:InstanceState";
        OfflineRun.Result run;
        JsonNode runbook;

        @BeforeAll
        void plan() throws Exception {
            run = run("dev", Map.of("kubetrader:benchmarkSchedule", "cron(0 */6 * * ? *)"), new SimulatedAccount());
            assertThat(run.errors()).isEmpty();
            runbook = JSON.readTree(run.named(DOCUMENT, "kubetrader-bench-window").inputText("content"));
        }

        @Test
        void schedulesTheRunbookThroughSchedulersUniversalTargetWithTheScheduledTimeAndTheFleet() throws Exception {
            PlannedResource schedule = run.named(SCHEDULE, "kubetrader-bench-window-schedule");
            assertThat(schedule.inputText("scheduleExpression")).isEqualTo("cron(0 */6 * * ? *)");
            assertThat(schedule.inputText("scheduleExpressionTimezone")).isEqualTo("Asia/Tokyo");
            JsonNode inputs = JSON.valueToTree(schedule.inputs());
            assertThat(inputs.at("/target/arn").asText())
                    .isEqualTo("arn:aws:scheduler:::aws-sdk:ssm:startAutomationExecution");
            assertThat(inputs.at("/target/retryPolicy/maximumRetryAttempts").asInt()).isZero();
            assertThat(inputs.at("/flexibleTimeWindow/mode").asText()).isEqualTo("OFF");
            JsonNode input = JSON.readTree(inputs.at("/target/input").asText());
            assertThat(input.get("DocumentName").asText()).isEqualTo("kubetrader-dev-window-v0.3");
            assertThat(input.at("/Parameters/ScheduledTime/0").asText()).isEqualTo("<aws.scheduler.scheduled-time>");
            List<String> ids = run.ofType(INSTANCE).stream().map(i -> i.id().orElseThrow()).sorted().toList();
            List<String> passed = new java.util.ArrayList<>();
            input.at("/Parameters/InstanceIds").forEach(n -> passed.add(n.asText()));
            assertThat(passed).containsExactlyInAnyOrderElementsOf(ids);
        }

        @Test
        void hasARunbookWhoseEveryStepLeadsToTheStopStepOnFailureAndOnCancelAndWhoseStopStepEndsIt() {
            List<JsonNode> steps = new java.util.ArrayList<>();
            runbook.get("mainSteps").forEach(steps::add);
            assertThat(steps).extracting(st -> st.get("name").asText()).containsExactly("deriveRunId",
                    "startInstances", "waitForSsmAgents", "runBenchmark", "stopInstances");
            java.util.Map<String, JsonNode> byName = new java.util.LinkedHashMap<>();
            steps.forEach(st -> byName.put(st.get("name").asText(), st));
            // walk every path: on success to the next step, on failure or cancel to the named step
            for (JsonNode start : steps) {
                for (String outcome : List.of("success", "onFailure", "onCancel")) {
                    java.util.Set<String> seen = new java.util.HashSet<>();
                    JsonNode at = start;
                    String route = outcome;
                    while (!at.path("isEnd").asBoolean()) {
                        assertThat(seen.add(at.get("name").asText())).as("a loop through " + at.get("name")).isTrue();
                        String next = route.equals("success") ? null : at.path(route).asText(null);
                        assertThat(route.equals("success") || next != null)
                                .as(at.get("name") + " has no " + route).isTrue();
                        at = next == null ? steps.get(steps.indexOf(at) + 1) : byName.get(next.replace("step:", ""));
                        route = "success";
                    }
                    assertThat(at.get("name").asText()).as("from " + start.get("name") + " on " + outcome)
                            .isEqualTo("stopInstances");
                }
            }
            assertThat(steps.subList(0, 4)).allSatisfy(st -> assertThat(st.get("isCritical").asBoolean())
                    .as("a failure still fails the execution").isTrue());
            assertThat(byName.get("stopInstances").at("/inputs/DesiredState").asText()).isEqualTo("stopped");
            assertThat(byName.get("runBenchmark").at("/inputs/DocumentName").asText())
                    .isEqualTo("kubetrader-dev-stream-trades-v0.3");
            assertThat(byName.get("runBenchmark").at("/inputs/Parameters/runId/0").asText())
                    .isEqualTo("{{ deriveRunId.RunId }}");
        }

        @Test
        void scopesTheRunbookRoleToTheFleetsInstancesAndDocumentAndTheScheduleRoleToThisRunbook() throws Exception {
            List<String> instanceArns = run.ofType(INSTANCE).stream()
                    .map(i -> "arn:aws:ec2:ap-northeast-1:123456789012:instance/" + i.id().orElseThrow()).toList();
            JsonNode window = JSON.readTree(run.named("aws:iam/rolePolicy:RolePolicy", "kubetrader-bench-window-policy")
                    .inputText("policy")).get("Statement");
            assertThat(window.get(0).get("Action")).extracting(JsonNode::asText)
                    .containsExactly("ec2:StartInstances", "ec2:StopInstances");
            assertThat(window.get(0).get("Resource")).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrderElementsOf(instanceArns);
            assertThat(window.get(1).get("Resource")).extracting(JsonNode::asText).contains(
                    "arn:aws:ssm:ap-northeast-1:123456789012:document/kubetrader-dev-stream-trades-v0.3")
                    .hasSize(1 + instanceArns.size());
            assertThat(window.get(2).get("Action")).extracting(JsonNode::asText).allMatch(a ->
                    a.startsWith("ec2:Describe") || a.startsWith("ssm:Describe") || a.startsWith("ssm:List")
                            || a.startsWith("ssm:Get"));

            PlannedResource automationRole = run.named("aws:iam/role:Role", "kubetrader-bench-window-role");
            JsonNode scheduler = JSON.readTree(run.named("aws:iam/rolePolicy:RolePolicy",
                    "kubetrader-bench-scheduler-policy").inputText("policy")).get("Statement");
            assertThat(scheduler.get(0).get("Resource").get(0).asText()).isEqualTo(
                    "arn:aws:ssm:ap-northeast-1:123456789012:automation-definition/kubetrader-dev-window-v0.3:*");
            assertThat(scheduler.get(1).get("Action").get(0).asText()).isEqualTo("iam:PassRole");
            assertThat(scheduler.get(1).at("/Condition/StringEquals/iam:PassedToService/0").asText())
                    .isEqualTo("ssm.amazonaws.com");
            assertThat(scheduler.get(1).get("Resource").get(0).asText()).contains(automationRole.name());
            for (String role : List.of("kubetrader-bench-window-role", "kubetrader-bench-scheduler-role")) {
                JsonNode trust = JSON.readTree(run.named("aws:iam/role:Role", role).inputText("assumeRolePolicy"));
                assertThat(trust.at("/Statement/0/Condition/StringEquals/aws:SourceAccount").asText())
                        .isEqualTo("123456789012");
            }
        }

        @Test
        void stopsTheInstancesOnceAtCreationThenNeverFightsTheRunbookOrReplacesThemMidWindow() {
            assertThat(run.ofType(STATE)).hasSize(3).allSatisfy(state -> {
                assertThat(state.inputText("state")).isEqualTo("stopped");
                assertThat(state.ignoreChanges()).as("a refresh during a window sees running; never stop it")
                        .containsExactly("state");
            });
            assertThat(run.ofType(INSTANCE)).allSatisfy(i -> assertThat(i.ignoreChanges())
                    .as("a new AMI must not replace an instance mid-window").containsExactly("ami"));
        }

        @Test
        void isAbsentWithoutAScheduleAndTheInstancesAreDeclaredRunningUnderAnotherName() {
            OfflineRun.Result plain = run("dev", Map.of(), new SimulatedAccount());
            assertThat(plain.ofType(SCHEDULE)).isEmpty();
            // Another name, not the same one with a new state: the stopped one ignores its state, so changing it in
            // place would do nothing, and deleting it makes no API call. A new resource starts the instances.
            assertThat(plain.ofType(STATE)).hasSize(3).allSatisfy(state -> {
                assertThat(state.name()).endsWith("-running");
                assertThat(state.inputText("state")).isEqualTo("running");
                assertThat(state.ignoreChanges()).isEmpty();
            });
            assertThat(run.ofType(STATE)).allSatisfy(state -> assertThat(state.name()).endsWith("-state"));
            assertThat(plain.ofType(INSTANCE)).allSatisfy(i -> assertThat(i.ignoreChanges()).isEmpty());
        }
    }

    @Nested
    @DisplayName("dev with precision-time placement groups adopted")
    class PlacementGroups {
        @Test
        void launchesEachListedAzsInstanceIntoItsGroupAndLeavesTheOthersAsTheyWere() {
            OfflineRun.Result run = run("dev", Map.of("kubetrader:benchmarkPlacementGroups",
                    "[\"apne1-az4=kubetrader-ptp-az4\",\"apne1-az1=kubetrader-ptp-az1\"]"), new SimulatedAccount());
            assertThat(run.errors()).isEmpty();
            assertThat(run.named(INSTANCE, "kubetrader-bench-az4").inputText("placementGroup"))
                    .isEqualTo("kubetrader-ptp-az4");
            assertThat(run.named(INSTANCE, "kubetrader-bench-az1").inputText("placementGroup"))
                    .isEqualTo("kubetrader-ptp-az1");
            assertThat(run.named(INSTANCE, "kubetrader-bench-az2").inputs()).doesNotContainKey("placementGroup");
            assertThat(run.ofType("aws:ec2/placementGroup:PlacementGroup")).as("adopted, never declared").isEmpty();
        }
    }

    @Nested
    @DisplayName("an account that does not offer the instance type in one AZ ID")
    class NotOffered {
        @Test
        void failsBeforeDeclaringAnythingNamingTheTypeTheAzIdAndWhereItIsOffered() {
            SimulatedAccount noAz2 = new SimulatedAccount() {
                @Override
                protected boolean offers(String instanceType, String azId) {
                    return !azId.equals("apne1-az2") && super.offers(instanceType, azId);
                }
            };
            OfflineRun.Result run = run("dev", Map.of(), noAz2);
            assertThat(run.errors()).isNotEmpty().allSatisfy(e -> assertThat(e)
                    .contains("kubetrader:benchmarkInstanceType = 'c8g.xlarge'")
                    .contains("not offered in apne1-az2 (ap-northeast-1d)")
                    .contains("offers c8g.xlarge in apne1-az1 (ap-northeast-1c), apne1-az4 (ap-northeast-1a)"));
            assertThat(run.resources()).noneMatch(r -> r.type().startsWith("aws:") || r.type().startsWith("kubetrader:"));
        }
    }

    @Nested
    @DisplayName("an invalid benchmark setting")
    class Invalid {
        @Test
        void isReportedTogetherWithTheNetworksBeforeAnythingIsDeclared() {
            OfflineRun.Result run = run("dev", Map.of("kubetrader:benchmarkBucketName", "Bad_Bucket",
                    "kubetrader:vpcCidr", "10.0.0.1/16"), new SimulatedAccount());
            assertThat(run.errors()).isNotEmpty().allSatisfy(e -> assertThat(e)
                    .contains("kubetrader:benchmarkBucketName = 'Bad_Bucket'").contains("kubetrader:vpcCidr"));
            assertThat(run.resources()).noneMatch(r -> r.type().startsWith("aws:"));
        }
    }
}
