package com.kubetrader.plan.fleet;

import com.kubetrader.plan.AccountZones;
import com.kubetrader.plan.AzId;
import com.kubetrader.plan.settings.InvalidSettingsException;
import com.kubetrader.plan.settings.SettingsReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The fleet planner")
class FleetPlannerTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final AccountZones SEED = AccountZones.fromLookup("ap-northeast-1",
            List.of("apne1-az4", "apne1-az1", "apne1-az2"),
            List.of("ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"));
    static final Set<AzId> EVERYWHERE = Set.of(AzId.of("apne1-az4"), AzId.of("apne1-az1"), AzId.of("apne1-az2"));
    static final String AMI = "ami-0123456789abcdef0";

    static FleetSettings settings(String stack, Map<String, String> overrides) {
        SettingsReader in = FleetSettingsTest.reader(stack, overrides);
        FleetSettings s = FleetSettings.read(in);
        assertThat(in.errors()).isEmpty();
        return s;
    }

    static BenchmarkPlan plan(FleetSettings s, Set<AzId> offered) {
        return FleetPlanner.plan("kubetrader-bench", "dev", s, SEED, Optional.of(new FleetFacts(offered, AMI, "123456789012")), Path.of("/project"));
    }

    static FleetPlan devFleet() {
        return plan(settings("dev", Map.of()), EVERYWHERE).fleet().orElseThrow();
    }

    @Nested
    @DisplayName("for the dev stack")
    class Dev {
        final FleetSettings settings = settings("dev", Map.of());
        final FleetPlan fleet = devFleet();

        @Test
        void placesOneSubnetAndOneInstancePerAzIdInTheConfiguredOrder() {
            assertThat(fleet.zones()).extracting(z -> z.azId().value())
                    .containsExactlyElementsOf(settings.azIds().stream().map(AzId::value).toList());
            assertThat(fleet.zones()).extracting(FleetZone::subnetCidr).containsExactlyElementsOf(settings.subnetCidrs());
            assertThat(fleet.zones()).extracting(FleetZone::azName)
                    .containsExactly("ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d");
            assertThat(fleet.zones()).extracting(FleetZone::instanceResource)
                    .containsExactly("kubetrader-bench-az4", "kubetrader-bench-az1", "kubetrader-bench-az2");
        }

        @Test
        void hardensEveryInstance() {
            FleetInstanceSpec spec = fleet.instance();
            assertThat(spec.instanceType()).isEqualTo(settings.instanceType());
            assertThat(spec.amiId()).isEqualTo(AMI);
            assertThat(spec.httpTokens()).isEqualTo("required");
            assertThat(spec.httpPutResponseHopLimit()).isEqualTo(1);
            assertThat(spec.rootVolumeType()).isEqualTo("gp3");
            assertThat(spec.rootVolumeEncrypted()).isTrue();
            assertThat(spec.rootVolumeGiB()).isEqualTo(settings.rootVolumeGiB());
        }

        @Test
        void grantsTheInstancesSsmCoreReadOnScriptsListOnTwoPrefixesAndWriteOnResultsOnly() throws Exception {
            String bucketArn = "arn:aws:s3:::" + settings.bucketName().orElseThrow();
            assertThat(fleet.iam().managedPolicyArns()).containsExactly("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
            JsonNode policy = JSON.readTree(fleet.iam().inlinePolicyJson());
            List<String> grants = new ArrayList<>();
            for (JsonNode st : policy.get("Statement")) {
                assertThat(st.get("Effect").asText()).isEqualTo("Allow");
                grants.add(st.get("Action").toString() + " " + st.get("Resource").toString()
                        + (st.has("Condition") ? " " + st.get("Condition") : ""));
            }
            assertThat(grants).containsExactly(
                    "[\"s3:GetObject\"] [\"" + bucketArn + "/scripts/*\"]",
                    "[\"s3:ListBucket\"] [\"" + bucketArn + "\"] {\"StringLike\":{\"s3:prefix\":[\"scripts/\",\"scripts/*\",\"results/*\"]}}",
                    "[\"s3:PutObject\"] [\"" + bucketArn + "/results/*\"]");
            JsonNode trust = JSON.readTree(fleet.iam().assumeRolePolicyJson()).get("Statement").get(0);
            assertThat(trust.get("Principal").get("Service").asText()).isEqualTo("ec2.amazonaws.com");
        }

        @Test
        void uploadsTheInstanceScriptsAndTheCollectorJarUnderScripts() {
            assertThat(fleet.scripts()).extracting(ScriptUpload::key).containsExactly(
                    "scripts/run-benchmark.sh", "scripts/write-metadata.sh", "scripts/imds.sh", "scripts/sample-clock.sh",
                    "scripts/setup-phc.sh", "scripts/stream-trades.jar");
            assertThat(fleet.scripts()).extracting(ScriptUpload::source).containsExactly(
                    Path.of("/project/bench/instance/run-benchmark.sh"), Path.of("/project/bench/instance/write-metadata.sh"),
                    Path.of("/project/bench/instance/imds.sh"), Path.of("/project/bench/instance/sample-clock.sh"),
                    Path.of("/project/bench/instance/setup-phc.sh"), Path.of("/project/target/stream-trades.jar"));
        }

        @Test
        void everyUploadedScriptExistsInTheRepository() {
            for (String script : FleetPlanner.INSTANCE_SCRIPTS) {
                assertThat(Path.of(FleetPlanner.SCRIPTS_DIR, script)).isRegularFile().isExecutable();
            }
        }

        @Test
        void namesTheDocumentForTheStackAndVersion() {
            assertThat(fleet.document().documentName()).isEqualTo("kubetrader-dev-stream-trades-v0.3");
            assertThat(fleet.document().description()).contains("SSM Document v0.3");
        }

        @Test
        void printsASendCommandForTheGivenInstancesWithTheConfiguredParameters() {
            String line = fleet.sendCommandLine(List.of("i-aaa", "i-bbb", "i-ccc"));
            assertThat(line).startsWith("RUN_ID=$(date -u +%Y%m%dT%H%M%SZ) && aws ssm send-command")
                    .contains("--region " + settings.region())
                    .contains("--document-name " + fleet.document().documentName())
                    .contains("--instance-ids i-aaa i-bbb i-ccc")
                    .contains("\\\"runId\\\":[\\\"$RUN_ID\\\"]")
                    .contains("\\\"durationSeconds\\\":[\\\"" + settings.durationSeconds() + "\\\"]")
                    .contains("\\\"endpoint\\\":[\\\"" + settings.endpoint() + "\\\"]")
                    .contains("\\\"symbols\\\":[\\\"" + settings.symbols() + "\\\"]")
                    .contains("\\\"executionTimeout\\\":[\\\"" + (settings.durationSeconds() + FleetPlanner.EXECUTION_MARGIN_SECONDS) + "\\\"]");
        }

        @Test
        void printsTheSyncLineForTheRunsResultsPrefix() {
            assertThat(fleet.syncCommandLine()).isEqualTo("aws s3 sync --region ap-northeast-1 s3://"
                    + settings.bucketName().orElseThrow() + "/results/$RUN_ID ./runs/$RUN_ID");
        }
    }

    @Nested
    @DisplayName("for the results bucket")
    class Results {
        @Test
        void plansAProtectedRetainedEncryptedVersionedBucketThatDeniesPlainHttp() throws Exception {
            ResultsBucketPlan bucket = plan(settings("dev", Map.of()), EVERYWHERE).results().orElseThrow();
            assertThat(bucket.bucketName()).isEqualTo("kubetrader-benchmark-results-tokyo");
            assertThat(bucket.protect()).isTrue();
            assertThat(bucket.retainOnDelete()).isTrue();
            assertThat(bucket.sseAlgorithm()).isEqualTo("AES256");
            assertThat(bucket.versioningStatus()).isEqualTo("Enabled");
            JsonNode deny = JSON.readTree(bucket.policyJson()).get("Statement").get(0);
            assertThat(deny.get("Effect").asText()).isEqualTo("Deny");
            assertThat(deny.get("Condition").get("Bool").get("aws:SecureTransport").asText()).isEqualTo("false");
            assertThat(deny.get("Resource")).extracting(JsonNode::asText)
                    .containsExactly(bucket.bucketArn(), bucket.bucketArn() + "/*");
        }

        @Test
        void isPlannedWhenTheFleetIsOffAndTheFleetIsNot() {
            BenchmarkPlan off = FleetPlanner.plan("kubetrader-bench", "dev",
                    settings("dev", Map.of("kubetrader:benchmarkEnabled", "false")), SEED, Optional.empty(), Path.of(""));
            assertThat(off.fleet()).isEmpty();
            assertThat(off.results()).map(ResultsBucketPlan::bucketName).contains("kubetrader-benchmark-results-tokyo");
            assertThat(off.results()).map(ResultsBucketPlan::bucketResource)
                    .isEqualTo(plan(settings("dev", Map.of()), EVERYWHERE).results().map(ResultsBucketPlan::bucketResource));
        }

        @Test
        void followsTheProtectSwitch() {
            ResultsBucketPlan bucket = plan(settings("dev", Map.of("kubetrader:benchmarkBucketProtect", "false")), EVERYWHERE)
                    .results().orElseThrow();
            assertThat(bucket.protect()).isFalse();
            assertThat(bucket.retainOnDelete()).isFalse();
        }
    }

    @Nested
    @DisplayName("when the account disagrees")
    class Account {
        @Test
        void refusesATypeNotOfferedInOneAzIdNamingTheTypeTheZoneAndWhereItIsOffered() {
            FleetSettings s = settings("dev", Map.of());
            Set<AzId> offered = Set.of(AzId.of("apne1-az4"), AzId.of("apne1-az1"));
            assertThatThrownBy(() -> plan(s, offered))
                    .isInstanceOf(InvalidSettingsException.class)
                    .hasMessageContaining("kubetrader:benchmarkInstanceType = '" + s.instanceType() + "'")
                    .hasMessageContaining("not offered in apne1-az2 (ap-northeast-1d)")
                    .hasMessageContaining("offers " + s.instanceType() + " in apne1-az1 (ap-northeast-1c), apne1-az4 (ap-northeast-1a)");
        }

        @Test
        void refusesATypeOfferedNowhere() {
            assertThatThrownBy(() -> plan(settings("dev", Map.of()), Set.of()))
                    .hasMessageContaining("in no AZ");
        }

        @Test
        void refusesAnAzIdTheAccountDoesNotHave() {
            FleetSettings s = settings("dev", Map.of("kubetrader:benchmarkAzIds", "[\"apne1-az4\",\"apne1-az1\",\"apne1-az3\"]"));
            assertThatThrownBy(() -> plan(s, EVERYWHERE))
                    .isInstanceOf(InvalidSettingsException.class)
                    .hasMessageContaining("kubetrader:benchmarkAzIds = 'apne1-az3': no such AZ for this account")
                    .hasMessageContaining(SEED.describeAvailable());
        }
    }

    @Nested
    @DisplayName("the collector jar check")
    class Jar {
        @Test
        void failsARealRunWhenTheJarIsMissingAndSaysHowToBuildIt(@TempDir Path project) {
            assertThat(CollectorJar.problem(project, true)).get().asString()
                    .contains("target/stream-trades.jar does not exist").contains("./mvnw package");
        }

        @Test
        void letsAnOfflineRunFromClassesDeclareTheUploadWithoutTheJar(@TempDir Path project) {
            assertThat(CollectorJar.problem(project, false)).isEmpty();
        }

        @Test
        void passesARealRunWhenTheJarIsThere(@TempDir Path project) throws Exception {
            Files.createDirectories(project.resolve("target"));
            Files.write(project.resolve(CollectorJar.RELATIVE_PATH), new byte[] {1});
            assertThat(CollectorJar.problem(project, true)).isEmpty();
        }
    }
}
