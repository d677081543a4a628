package com.kubetrader.offline;

import static org.assertj.core.api.Assertions.assertThat;

import com.kubetrader.plan.aws.AwsCatalog;
import com.kubetrader.plan.aws.DeclaredInput;
import com.kubetrader.plan.aws.Declarations;
import com.kubetrader.plan.settings.ConfigSource;
import com.kubetrader.stack.StackPlanner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AWS's rules over every resource type the program can declare: a matrix of stacks and settings that declares each
 * type at least once, run through the real program in the mock engine.
 */
class AwsRulesStackTest {

    static final AwsCatalog CATALOG = AwsCatalog.bundled();
    static final String POLICY = "src/test/resources/policies/s3-read-only.json";

    /** Every natMode on both stacks, the benchmark with and without a schedule, flow logs, an adopted EIP, every
     *  endpoint kind, peering routes and endpoint policies. */
    static Stream<Arguments> matrix() {
        return Stream.of(
                Arguments.of("dev", new String[] {}),
                Arguments.of("dev", new String[] {"kubetrader:natMode", "gateway"}),
                Arguments.of("dev", new String[] {"kubetrader:natMode", "none"}),
                Arguments.of("prod", new String[] {}),
                Arguments.of("prod", new String[] {"kubetrader:natMode", "instance"}),
                Arguments.of("prod", new String[] {"kubetrader:natMode", "none"}),
                Arguments.of("dev", new String[] {"kubetrader:benchmarkSchedule", "cron(0 */6 * * ? *)",
                        "kubetrader:benchmarkPlacementGroups", "[\"apne1-az4=kubetrader-ptp-az4\"]"}),
                Arguments.of("dev", new String[] {"kubetrader:flowLogs", "true"}),
                Arguments.of("prod", new String[] {"kubetrader:natEipAllocationId", "eipalloc-0123456789abcdef0"}),
                Arguments.of("dev", new String[] {"kubetrader:natEipAllocationId", "eipalloc-0123456789abcdef0"}),
                Arguments.of("dev", new String[] {
                        "kubetrader:interfaceEndpoints", "[\"secretsmanager\",\"ecr.api\",\"ecr.dkr\"]",
                        "kubetrader:privateLinkEndpoints",
                        "[\"clickhouse=com.amazonaws.vpce.ap-northeast-1.vpce-svc-0123456789abcdef0\"]",
                        "kubetrader:peeringRoutes", "[\"10.100.0.0/16=pcx-0123456789abcdef0\"]",
                        "kubetrader:endpointPolicies", "[\"s3=" + POLICY + "\",\"ecr.api=" + POLICY + "\",\"clickhouse="
                        + POLICY + "\"]"}));
    }

    static OfflineRun.Result run(String stack, String[] overrides) {
        return SharedRuns.of(stack, overrides);
    }

    @Nested
    class AcrossTheMatrix {

        @ParameterizedTest(name = "{0} {1}")
        @MethodSource("com.kubetrader.offline.AwsRulesStackTest#matrix")
        void thePlanKeepsEveryRuleTheCatalogHolds(String stack, String[] overrides) {
            assertThat(run(stack, overrides).errors()).isEmpty();
        }

        @ParameterizedTest(name = "{0} {1}")
        @MethodSource("com.kubetrader.offline.AwsRulesStackTest#matrix")
        void everyInputTheProgramDeclaresIsInTheCatalogOrListedAsNotCheckedWithAReason(String stack, String[] overrides) {
            var result = run(stack, overrides);
            Set<String> uncovered = recorded(result).stream()
                    .filter(in -> !CATALOG.covers(in.type(), in.input()))
                    .map(in -> in.type() + " " + in.input()).collect(Collectors.toCollection(TreeSet::new));
            assertThat(uncovered).isEmpty();
        }

        @ParameterizedTest(name = "{0} {1}")
        @MethodSource("com.kubetrader.offline.AwsRulesStackTest#matrix")
        void whatTheStackChecksBeforeDeclaringIsExactlyWhatItThenDeclares(String stack, String[] overrides) {
            var result = run(stack, overrides);
            var plan = StackPlanner.plan(new StackPlanner.StackId("organization", "kubetrader", stack),
                    ConfigSource.of(result.config()), new SimulatedFacts(), Path.of(""), false);
            Set<String> checked = keys(plan.declarations(new RecordedIds(result)).stream().filter(AwsRulesStackTest::compared).toList());
            Set<String> declared = keys(recorded(result).stream().filter(AwsRulesStackTest::compared).toList());
            Set<String> missed = new TreeSet<>(declared);
            missed.removeAll(checked);
            Set<String> phantom = new TreeSet<>(checked);
            phantom.removeAll(declared);
            assertThat(missed).as("declared but never checked before declaring").isEmpty();
            assertThat(phantom).as("checked but never declared").isEmpty();
        }
    }

    /**
     * Compared: what AWS checks. Left out: names Pulumi generates (written down at their longest) and the inputs the
     * catalog lists as not checked, with its reason.
     */
    static boolean compared(DeclaredInput in) {
        return !in.estimated() && !CATALOG.entries(in.type(), in.input()).isEmpty();
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of("kubetrader:benchmarkBucketName", "KubeTrader-Results", "KubeTrader-Results",
                        "bucketnamingrules"),
                Arguments.of("kubetrader:natInstanceType", "t4g.nanoo", "t4g.nanoo", "did you mean t4g.nano?"),
                Arguments.of("aws:defaultTags", "{\"tags\":{\"project\":\"kubetrader (dev)\"}}", "kubetrader (dev)",
                        "CreateRole Tag.Value"),
                Arguments.of("kubetrader:benchmarkInstanceType", "c8g.xlargee", "c8g.xlargee",
                        "RunInstancesRequest.InstanceType"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badSettings")
    void aSettingAwsWouldRefuseStopsThePreviewBeforeAnyResourceIsDeclared(String key, String value, String shown,
                                                                          String rule) {
        var result = SharedRuns.of("dev", key, value);
        assertThat(result.errors()).singleElement().asString().contains("nvalid stack setting")
                .contains(key + " = '" + shown + "'", rule);
        assertThat(result.resources()).filteredOn(PlannedResource::custom).isEmpty();
    }

    @Test
    void theMatrixDeclaresEveryResourceTypeTheCatalogKnows() {
        Set<String> declared = matrix().flatMap(a -> run((String) a.get()[0], (String[]) a.get()[1]).resources().stream())
                .filter(PlannedResource::custom).map(PlannedResource::type).collect(Collectors.toCollection(TreeSet::new));
        assertThat(declared).containsAll(CATALOG.types().keySet());
    }

    static List<DeclaredInput> recorded(OfflineRun.Result result) {
        var reader = new com.kubetrader.plan.settings.SettingsReader(ConfigSource.of(result.config()), "kubetrader");
        return RecordedInputs.of(result.resources(), CATALOG, com.kubetrader.plan.aws.ProviderDefaults.defaultTags(reader));
    }

    static Set<String> keys(List<DeclaredInput> inputs) {
        return inputs.stream().map(in -> in.type() + " " + in.resource() + " " + in.input() + " = " + normal(in.value()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static String normal(Object value) {
        if (value instanceof Map<?, ?> map) {
            return new java.util.TreeMap<>(map.entrySet().stream().collect(Collectors.toMap(
                    e -> String.valueOf(e.getKey()), e -> String.valueOf(e.getValue())))).toString();
        }
        return String.valueOf(RecordedInputs.scalar(value instanceof Integer i ? Long.valueOf(i) : value));
    }

    /** The IDs, ARNs and addresses the mock run gave, so the stack's own declarations can be compared with it. */
    static final class RecordedIds implements Declarations.Ids {
        private final OfflineRun.Result result;

        RecordedIds(OfflineRun.Result result) {
            this.result = result;
        }

        private PlannedResource find(String type, String resource) {
            return result.resources().stream().filter(r -> r.type().equals(type) && r.name().equals(resource))
                    .findFirst().orElseThrow(() -> new AssertionError("the run declared no " + type + " " + resource));
        }

        @Override
        public String id(String type, String resource) {
            return find(type, resource).id().orElseThrow();
        }

        @Override
        public String arn(String type, String resource) {
            PlannedResource r = find(type, resource);
            return String.valueOf(SimulatedIds.computedOutputs(type, resource, r.id().orElseThrow(), r.inputs()).get("arn"));
        }

        @Override
        public String publicIp(String resource) {
            return SimulatedIds.documentationAddress(find("aws:ec2/eip:Eip", resource).id().orElseThrow());
        }

        @Override
        public boolean estimated() {
            return false;
        }
    }
}
