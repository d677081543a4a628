package com.kubetrader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.kubetrader.offline.OfflineRun;
import com.kubetrader.offline.PlanMermaid;
import com.kubetrader.offline.PlannedResource;
import com.kubetrader.offline.SimulatedAccount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlanCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SUBNET = "aws:ec2/subnet:Subnet";
    static final String ROUTE = "aws:ec2/route:Route";
    static final Map<String, OfflineRun.Result> RESULTS = new HashMap<>();

    /** The stack program run directly, the reference every rendering is checked against. */
    static synchronized OfflineRun.Result declared(String stack) {
        return RESULTS.computeIfAbsent(stack, s -> OfflineRun.run(Path.of(""), s, Map.of(), new SimulatedAccount()));
    }

    static JsonNode json(CliRun run) throws Exception {
        assertThat(run.exit()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    /** Resources of one type in the trading network (dev also declares the benchmark fleet). */
    static List<PlannedResource> inNetwork(OfflineRun.Result result, String type) {
        return result.ofType(type).stream().filter(r -> r.urn().contains("kubetrader:network:")).toList();
    }

    @Nested
    class TheTreeOfEachStack {

        @Test
        void matchesTheExcerptDocsPlanMdShowsLineForLine() throws Exception {
            String doc = Files.readString(Path.of("docs/plan.md"));
            int start = doc.indexOf("Plan of stack dev against");
            String sample = doc.substring(start, doc.indexOf("```", start));
            List<String> real = CliRun.cached("plan", "--stack", "dev").out().lines().toList();
            assertThat(sample.lines().filter(l -> !l.isBlank() && !l.strip().equals("...")).toList())
                    .as("docs/plan.md's dev tree is out of date; paste lines from `plan --stack dev`")
                    .isNotEmpty().allSatisfy(line -> assertThat(real).contains(line));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"dev", "prod"})
        void showsEverySubnetWithItsCidrAzIdAndAzName(String stack) {
            CliRun run = CliRun.cached("plan", "--stack", stack);
            assertThat(run.exit()).as(run.err()).isZero();
            List<PlannedResource> subnets = declared(stack).ofType(SUBNET);
            assertThat(inNetwork(declared(stack), SUBNET)).hasSize(6);
            for (PlannedResource subnet : subnets) {
                String azId = subnet.inputText("availabilityZoneId");
                assertThat(run.out()).containsPattern("aws:ec2/subnet:Subnet +" + subnet.name() + " .*cidr="
                        + subnet.inputText("cidrBlock").replace(".", "\\.") + " +az=" + azId + " \\("
                        + SimulatedAccount.SEED_AZ_NAMES.get(azId) + "\\)");
            }
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"dev", "prod"})
        void nestsChildrenUnderTheirComponentLikePulumiPreview(String stack) {
            String out = CliRun.cached("plan", "--stack", stack).out();
            assertThat(out).contains(" +   pulumi:pulumi:Stack", "kubetrader-" + stack)
                    .contains("└─ kubetrader:network:SingleAzVpc")
                    .containsPattern("│  ├─ aws:ec2/eip:Eip +kubetrader-nat-eip +create +protect +retainOnDelete")
                    .containsPattern("aws:ec2/route:Route +kubetrader-route-workload-0-0-0-0-0 .*target=kubetrader-nat")
                    .containsPattern("aws:ec2/route:Route +kubetrader-route-public-0-0-0-0-0 .*target=kubetrader-igw")
                    .containsPattern("kubetrader-sg-database-in-5432-workload .*ports=tcp/5432 +peer=kubetrader-sg-workload");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"dev", "prod"})
        void countsEveryTypeAndPrintsTheOutputs(String stack) {
            String out = CliRun.cached("plan", "--stack", stack).out();
            OfflineRun.Result result = declared(stack);
            assertThat(out).contains("+ " + result.resources().size() + " to create");
            assertThat(out).containsPattern("\\n +" + result.ofType(SUBNET).size() + "  aws:ec2/subnet:Subnet\\n");
            assertThat(out).contains("Outputs:").containsPattern("vpcCidr +: \"10\\.0\\.0\\.0/16\"")
                    .contains("natPublicIp").contains("\"apne1-az4\"");
        }

        @Test
        void marksProdsStatefulResourcesProtectedAndDevsNot() {
            assertThat(CliRun.cached("plan", "--stack", "prod").out())
                    .containsPattern("aws:ec2/vpc:Vpc +kubetrader-vpc +create +protect")
                    .containsPattern("aws:ec2/flowLog:FlowLog +kubetrader-flow-logs");
            assertThat(CliRun.cached("plan", "--stack", "dev").out())
                    .containsPattern("aws:ec2/vpc:Vpc +kubetrader-vpc +create +cidr=")
                    .doesNotContain("aws:ec2/flowLog:FlowLog");
        }
    }

    @Nested
    class TheJsonPlan {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"dev", "prod"})
        void hasEveryDeclaredResourceWithItsFullInputs(String stack) throws Exception {
            JsonNode plan = json(CliRun.cached("plan", "--stack", stack, "--json"));
            assertThat(plan.path("stack").asText()).isEqualTo(stack);
            List<String> urns = new ArrayList<>();
            plan.path("resources").forEach(r -> urns.add(r.path("urn").asText()));
            assertThat(urns).containsExactlyInAnyOrderElementsOf(
                    declared(stack).resources().stream().map(PlannedResource::urn).toList());
            for (JsonNode r : plan.path("resources")) {
                assertThat(r.has("type") && r.has("name") && r.has("parent") && r.has("protect") && r.has("inputs"))
                        .as(r.toString()).isTrue();
                PlannedResource d = declared(stack).byUrn(r.path("urn").asText());
                assertThat(r.path("inputs").size()).as(d.name()).isEqualTo(d.inputs().size());
                assertThat(r.path("protect").asBoolean()).isEqualTo(d.protect());
            }
            JsonNode vpc = find(plan, "aws:ec2/vpc:Vpc", "kubetrader-vpc");
            assertThat(vpc.path("inputs").path("cidrBlock").asText()).isEqualTo("10.0.0.0/16");
            assertThat(find(plan, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
                    "kubetrader-sg-database-in-5432-workload").path("inputs").path("fromPort").isIntegralNumber()).isTrue();
        }

        @Test
        void listsResourcesInUrnOrderWithTheStackOutputs() throws Exception {
            JsonNode plan = json(CliRun.cached("plan", "--stack", "prod", "--json"));
            List<String> urns = new ArrayList<>();
            plan.path("resources").forEach(r -> urns.add(r.path("urn").asText()));
            assertThat(urns).isSorted();
            assertThat(plan.path("outputs").path("vpcCidr").asText()).isEqualTo("10.0.0.0/16");
            assertThat(plan.path("outputs").path("primaryAz").path("id").asText()).isEqualTo("apne1-az4");
        }

        @Test
        void isByteIdenticalFromOneRunToTheNext() {
            CliRun first = CliRun.of("plan", "--stack", "prod", "--json");
            CliRun second = CliRun.of("plan", "--stack", "prod", "--json");
            assertThat(first.exit()).isZero();
            assertThat(second.out()).isEqualTo(first.out());
        }

        private JsonNode find(JsonNode plan, String type, String name) {
            for (JsonNode r : plan.path("resources")) {
                if (r.path("type").asText().equals(type) && r.path("name").asText().equals(name)) {
                    return r;
                }
            }
            throw new AssertionError("no " + type + " " + name);
        }
    }

    @Nested
    class TheMermaidTopology {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"dev", "prod"})
        void drawsEachAzAsASubgraphWithItsIdAndName(String stack) {
            String diagram = CliRun.cached("plan", "--stack", stack, "--mermaid").out();
            assertThat(diagram).startsWith("flowchart TB\n")
                    .containsPattern("subgraph \\w+\\[\"apne1-az4 · ap-northeast-1a\"\\]")
                    .containsPattern("subgraph \\w+\\[\"apne1-az1 · ap-northeast-1c\"\\]");
        }

        @Test
        void drawsNothingInTheReservedAzOfTheTradingNetwork() {
            assertThat(CliRun.cached("plan", "--stack", "prod", "--mermaid").out()).doesNotContain("apne1-az2");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"dev", "prod"})
        void showsEverySubnetCidrAndOneArrowPerRouteToItsTarget(String stack) {
            String diagram = CliRun.cached("plan", "--stack", stack, "--mermaid").out();
            OfflineRun.Result result = declared(stack);
            for (PlannedResource subnet : result.ofType(SUBNET)) {
                assertThat(diagram).contains(subnet.name() + "<br/>" + subnet.inputText("cidrBlock"));
            }
            assertThat(inNetwork(result, ROUTE)).hasSize(3);
            // dev runs a NAT instance (natMode instance), prod a NAT gateway.
            String nat = stack.equals("dev") ? "NetworkInterface_kubetrader_nat_eni" : "NatGateway_kubetrader_nat";
            assertThat(diagram).contains(
                    "Subnet_kubetrader_public -->|\"0.0.0.0/0\"| InternetGateway_kubetrader_igw",
                    "Subnet_kubetrader_standby_public -->|\"0.0.0.0/0\"| InternetGateway_kubetrader_igw",
                    "Subnet_kubetrader_workload -->|\"0.0.0.0/0\"| " + nat,
                    "Subnet_kubetrader_public -->|\"pl-s3\"| VpcEndpoint_kubetrader_vpce_s3",
                    "Subnet_kubetrader_workload -->|\"pl-dynamodb\"| VpcEndpoint_kubetrader_vpce_dynamodb");
            assertThat(diagram.lines().filter(l -> l.contains("-->|") && !l.contains("_bench_")).count())
                    .as("3 routes, 2 gateway endpoints on 3 subnets each").isEqualTo(3 + 2 * 3);
            assertThat(diagram).contains(stack.equals("dev")
                            ? "NAT instance · fck-nat t4g.nano<br/>interface kubetrader-nat-eni<br/>EIP kubetrader-nat-eip (protected) at boot"
                            : "NAT gateway kubetrader-nat<br/>EIP kubetrader-nat-eip (protected)",
                    "interface endpoint<br/>secretsmanager", "public · role kubestream", "isolated · role data",
                    stack.equals("dev") ? "private · egress via NAT instance · role workload"
                            : "private · egress via NAT · role workload");
        }

        @Test
        void showsTheIdleEipInNatModeNone() {
            String diagram = CliRun.cached("plan", "--stack", "prod", "--mermaid", "--set", "kubetrader:natMode=none").out();
            assertThat(diagram).contains("Eip_kubetrader_nat_eip[\"EIP kubetrader-nat-eip (protected)<br/>idle: no NAT, "
                    + "kept for a switch back\"]", "Eip_kubetrader_standby_nat_eip[\"EIP kubetrader-standby-nat-eip "
                    + "(protected)<br/>idle until an evacuation; whitelist it too\"]")
                    .doesNotContain("NatGateway_").doesNotContain("0.0.0.0/0\"| Nat");
        }

        @Test
        void followsTheDeclaredResourcesWhenTheSettingsChange() {
            CliRun run = CliRun.cached("plan", "--stack", "dev", "--mermaid",
                    "--set", "kubetrader:peeringRoutes=[\"10.100.0.0/16=pcx-0123456789abcdef0\"]",
                    "--set", "kubetrader:interfaceEndpoints=[\"secretsmanager\",\"ecr.api\"]");
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).contains("Subnet_kubetrader_workload -->|\"10.100.0.0/16\"| ext_pcx_0123456789abcdef0",
                    "interface endpoint<br/>api · kubetrader-vpce-ecr-api");
        }
    }

    @Nested
    class AnotherAccountsAzNames {

        static final String[] MOVED = {"--az-map", "apne1-az4=ap-northeast-1c,apne1-az1=ap-northeast-1d,apne1-az2=ap-northeast-1a"};

        @Test
        void moveTheNamesButNeverTheAzIds() throws Exception {
            JsonNode seed = json(CliRun.cached("plan", "--stack", "prod", "--json"));
            JsonNode moved = json(CliRun.cached(concat(new String[] {"plan", "--stack", "prod", "--json"}, MOVED)));
            Map<String, String> seedIds = subnetAzIds(seed);
            assertThat(seedIds).hasSize(6).containsEntry("kubetrader-public", "apne1-az4");
            assertThat(subnetAzIds(moved)).isEqualTo(seedIds);
            assertThat(seed.path("outputs").path("primaryAz").path("name").asText()).isEqualTo("ap-northeast-1a");
            assertThat(moved.path("outputs").path("primaryAz").path("name").asText()).isEqualTo("ap-northeast-1c");
            assertThat(moved.path("outputs").path("primaryAz").path("id").asText()).isEqualTo("apne1-az4");
            assertThat(moved.path("outputs").path("standbyAz").path("name").asText()).isEqualTo("ap-northeast-1d");
        }

        @Test
        void showUpInTheTreeAndTheDiagramBesideTheSameIds() {
            CliRun tree = CliRun.cached(concat(new String[] {"plan", "--stack", "prod"}, MOVED));
            assertThat(tree.out()).containsPattern("kubetrader-public .*az=apne1-az4 \\(ap-northeast-1c\\)")
                    .containsPattern("kubetrader-standby-public .*az=apne1-az1 \\(ap-northeast-1d\\)");
            CliRun diagram = CliRun.cached(concat(new String[] {"plan", "--stack", "prod", "--mermaid"}, MOVED));
            assertThat(diagram.out()).contains("[\"apne1-az4 · ap-northeast-1c\"]", "[\"apne1-az1 · ap-northeast-1d\"]");
        }

        @Test
        void withoutThePrimaryAzIdFailTheSettingsWithTheAzsOnOffer() {
            CliRun run = CliRun.of("plan", "--stack", "dev", "--az-map", "apne1-az1=ap-northeast-1a,apne1-az2=ap-northeast-1c");
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err()).startsWith("error: ").contains("kubetrader:primaryAzId = 'apne1-az4'",
                    "apne1-az1 (ap-northeast-1a)").doesNotContain("Exception", "\tat ");
        }

        private Map<String, String> subnetAzIds(JsonNode plan) {
            Map<String, String> ids = new HashMap<>();
            plan.path("resources").forEach(r -> {
                if (r.path("type").asText().equals(SUBNET)) {
                    ids.put(r.path("name").asText(), r.path("inputs").path("availabilityZoneId").asText());
                }
            });
            return ids;
        }
    }

    @Nested
    class SetOverrides {

        @Test
        void changeThePlanLikeTheStackFileWould() throws Exception {
            JsonNode plain = json(CliRun.cached("plan", "--stack", "dev", "--json"));
            JsonNode changed = json(CliRun.cached("plan", "--stack", "dev", "--json",
                    "--set", "kubetrader:flowLogs=true", "--set", "kubetrader:workloadSubnetCidr=10.0.48.0/20"));
            assertThat(types(plain)).doesNotContain("aws:ec2/flowLog:FlowLog");
            assertThat(types(changed)).contains("aws:ec2/flowLog:FlowLog", "aws:cloudwatch/logGroup:LogGroup");
            assertThat(changed.toString()).contains("10.0.48.0/20").doesNotContain("10.0.16.0/20");
        }

        private List<String> types(JsonNode plan) {
            List<String> types = new ArrayList<>();
            plan.path("resources").forEach(r -> types.add(r.path("type").asText()));
            return types;
        }
    }

    @Nested
    class BadInput {

        static Stream<Arguments> badFlags() {
            return Stream.of(
                    Arguments.of(new String[] {"plan", "--stack", "staging"}, 2,
                            "unknown stack 'staging'", "Pulumi.dev.yaml, Pulumi.prod.yaml"),
                    Arguments.of(new String[] {"plan"}, 2, "Missing required option: '--stack=<stack>'", "--help"),
                    Arguments.of(new String[] {"plan", "--stack", "dev", "--set", "kubetrader:flowLogs"}, 2,
                            "expected namespace:key=value", "kubetrader:flowLogs=true"),
                    Arguments.of(new String[] {"plan", "--stack", "dev", "--set", "flowLogs=true"}, 2,
                            "not namespaced", "kubetrader:flowLogs"),
                    Arguments.of(new String[] {"plan", "--stack", "dev", "--set", "kubetrader:flowLog=true"}, 2,
                            "declares no key kubetrader:flowLog", "kubetrader:flowLogs"),
                    Arguments.of(new String[] {"plan", "--stack", "dev", "--set", "kubetrader:protect=true",
                            "--set", "kubetrader:protect=false"}, 2, "kubetrader:protect is set twice", ""),
                    Arguments.of(new String[] {"plan", "--stack", "dev", "--az-map", "apne1-az4"}, 2,
                            "expected AZ ID=AZ name", "apne1-az4=ap-northeast-1c"),
                    Arguments.of(new String[] {"plan", "--stack", "dev", "--az-map", "ap-northeast-1a=apne1-az4"}, 2,
                            "'ap-northeast-1a' is not an AZ ID", "the map goes from ID to name"),
                    Arguments.of(new String[] {"plan", "--stack", "dev", "--az-map", "apne1-az4=us-east-1a"}, 2,
                            "'us-east-1a' is not an AZ name in ap-northeast-1", ""),
                    Arguments.of(new String[] {"plan", "--stack", "dev", "--az-map", "use1-az4=ap-northeast-1a"}, 2,
                            "use1-az4 is not an AZ ID of ap-northeast-1", ""),
                    Arguments.of(new String[] {"plan", "--stack", "dev", "--az-map",
                            "apne1-az4=ap-northeast-1a,apne1-az4=ap-northeast-1c"}, 2, "AZ ID apne1-az4 appears twice", ""),
                    Arguments.of(new String[] {"plan", "--stack", "dev", "--az-map",
                            "apne1-az4=ap-northeast-1a,apne1-az1=ap-northeast-1a"}, 2, "AZ name ap-northeast-1a appears twice", ""),
                    Arguments.of(new String[] {"plan", "--stack", "dev", "--json", "--mermaid"}, 2,
                            "--json, --mermaid are mutually exclusive", ""),
                    Arguments.of(new String[] {"plan", "--stack", "dev", "--project-dir", "src"}, 2,
                            "no Pulumi.yaml in", "--project-dir"),
                    Arguments.of(new String[] {"plan", "--stack", "dev", "--set", "kubetrader:vpcCidr=10.0.0.1/16",
                            "--set", "kubetrader:flowLogs=maybe"}, 1,
                            "kubetrader:vpcCidr = '10.0.0.1/16': host bits are set", "kubetrader:flowLogs = 'maybe'"),
                    Arguments.of(new String[] {"cost", "--stack", "prod", "--set", "kubetrader:natGbPerDay=lots"}, 1,
                            "kubetrader:natGbPerDay = 'lots': not an integer", ""));
        }

        @ParameterizedTest(name = "{0} exits {1}")
        @MethodSource("badFlags")
        void failsWithOneClearMessageAndNoStackTrace(String[] args, int exit, String message, String hint) {
            CliRun run = CliRun.of(args);
            assertThat(run.exit()).as(run.err()).isEqualTo(exit);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).startsWith("error: ").contains(message, hint)
                    .doesNotContain("Exception", "\tat ", "Usage:");
        }
    }

    @Nested
    class TheReadmeDiagram {

        @Test
        /** The prod stack: the trading network alone (dev adds the benchmark fleet's VPC). */
        void isTheGeneratedProdTopology() throws Exception {
            String readme = Files.readString(Path.of("README.md"));
            String generated = PlanMermaid.render(declared("prod"), SimulatedAccount.SEED_AZ_NAMES);
            assertThat(PlanCommand.topologyIn(readme))
                    .as("README.md's topology diagram is out of date with the prod stack; regenerate it with\n"
                            + "  ./mvnw -DskipTests package && java -jar target/kubetrader.jar plan --stack prod --mermaid "
                            + "--update-readme README.md\n")
                    .isEqualTo(generated);
            assertThat(readme).contains("## Topology", PlanCommand.topologyBlock(generated));
        }

        @Test
        void canBeRewrittenInPlaceBetweenTheMarkers(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
            Path readme = dir.resolve("README.md");
            Files.writeString(readme, "# kubetrader\n\n## Topology\n\n" + PlanCommand.topologyBlock("flowchart TB\n  old\n")
                    + "\n\n## Next\n");
            CliRun run = CliRun.of("plan", "--stack", "prod", "--mermaid", "--update-readme", readme.toString());
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).isEqualTo("updated the topology diagram in " + readme + "\n");
            String updated = Files.readString(readme);
            assertThat(PlanCommand.topologyIn(updated)).isEqualTo(CliRun.cached("plan", "--stack", "prod", "--mermaid").out());
            assertThat(updated).startsWith("# kubetrader\n\n## Topology\n\n").endsWith("\n\n## Next\n");

            CliRun again = CliRun.of("plan", "--stack", "prod", "--mermaid", "--update-readme", readme.toString());
            assertThat(again.out()).isEqualTo("the topology diagram in " + readme + " is already current\n");
            assertThat(Files.readString(readme)).isEqualTo(updated);
        }

        @Test
        void isRefusedWithExit75WhileAnotherRunIsUpdatingTheSameReadme(@org.junit.jupiter.api.io.TempDir Path dir)
                throws Exception {
            Path readme = dir.resolve("README.md");
            String before = "# kubetrader\n\n" + PlanCommand.topologyBlock("flowchart TB\n  old\n") + "\n";
            Files.writeString(readme, before);
            try (var other = com.kubetrader.output.OutputLock.acquire(readme, "--update-readme")) {
                CliRun run = CliRun.of("plan", "--stack", "prod", "--mermaid", "--update-readme", readme.toString());
                assertThat(run.exit()).isEqualTo(75);
                assertThat(run.err()).contains("--update-readme '" + readme + "' is being written by another run (pid "
                        + ProcessHandle.current().pid());
            }
            assertThat(Files.readString(readme)).isEqualTo(before);
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly("README.md");
            }
        }

        @Test
        void isRefusedForAnyStackButTheOneTheReadmeShows(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
            Path readme = dir.resolve("README.md");
            String before = "# kubetrader\n\n" + PlanCommand.topologyBlock("flowchart TB\n  old\n") + "\n";
            Files.writeString(readme, before);
            CliRun run = CliRun.of("plan", "--stack", "dev", "--mermaid", "--update-readme", readme.toString());
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).contains("--update-readme with --stack dev: the README's diagram is the prod stack's");
            assertThat(Files.readString(readme)).isEqualTo(before);
        }
    }

    static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
