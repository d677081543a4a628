package com.kubetrader.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.kubetrader.plan.diff.PlanDiff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** plan --diff-against: what pulumi up would do between two saved plans, with no account at all. */
class PlanDiffTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Saves `plan --json` of a stack with these --set overrides, as CI saves the base commit's plan. */
    Path saved(String stack, String... sets) throws Exception {
        List<String> args = new ArrayList<>(List.of("plan", "--stack", stack, "--json"));
        for (String set : sets) {
            args.addAll(List.of("--set", set));
        }
        CliRun run = CliRun.cached(args.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isZero();
        Path file = dir.resolve("plan-" + Math.abs(args.hashCode()) + ".json");
        Files.writeString(file, run.out());
        return file;
    }

    CliRun diff(String stack, Path against, String... args) {
        List<String> all = new ArrayList<>(List.of("plan", "--stack", stack, "--diff-against", against.toString()));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    static JsonNode step(JsonNode diff, String name) {
        for (JsonNode s : diff.get("changes")) {
            if (s.get("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no step for " + name + " in " + diff);
    }

    @Nested
    class AcrossFreshJvms {
        /** Map.of iterates in an order each JVM draws afresh: JSON built from one would differ between runs. */
        String planJson() throws Exception {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "com.kubetrader.App", "plan", "--stack", "dev",
                    "--json", "--set", "kubetrader:benchmarkSchedule=cron(0 */6 * * ? *)",
                    "--set", "kubetrader:flowLogs=true");
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
            return new String(out, java.nio.charset.StandardCharsets.UTF_8);
        }

        /** This JVM and a fresh one: two draws of every hash seed and iteration order. */
        @Test
        void planTheSameBytesSoADiffShowsOnlyRealChanges() throws Exception {
            String fresh = planJson();
            assertThat(fresh).contains("kubetrader-nat-role", "kubetrader-flow-logs-role", "kubetrader-bench-window");
            CliRun here = CliRun.of("plan", "--stack", "dev", "--json", "--set",
                    "kubetrader:benchmarkSchedule=cron(0 */6 * * ? *)", "--set", "kubetrader:flowLogs=true");
            assertThat(here.exit()).as(here.err()).isZero();
            assertThat(here.out()).isEqualTo(fresh);
        }
    }

    @Nested
    class KnownChanges {

        @Test
        void identicalPlansGiveAnEmptyDiffAndExitZero() throws Exception {
            CliRun r = diff("prod", saved("prod"));
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("No changes: 49 resources unchanged.");
        }

        @Test
        void aTagOnlyChangeIsAnUpdateNamingTheTag() throws Exception {
            ObjectNode old = (ObjectNode) JSON.readTree(Files.readString(saved("prod")));
            for (JsonNode r : old.get("resources")) {
                if (r.get("name").asText().equals("kubetrader-vpc")) {
                    ((ObjectNode) r.get("inputs").get("tags")).put("Name", "kubetrader-vpc-old");
                }
            }
            Path before = Files.writeString(dir.resolve("tagged.json"), JSON.writeValueAsString(old));
            JsonNode d = JSON.readTree(diff("prod", before, "--json").out());
            assertThat(d.at("/counts/update").asInt()).isEqualTo(1);
            JsonNode vpc = step(d, "kubetrader-vpc");
            assertThat(vpc.get("action").asText()).isEqualTo("update");
            assertThat(vpc.at("/changes/0/input").asText()).isEqualTo("tags");
            assertThat(vpc.at("/changes/0/forcesReplacement").asBoolean()).isFalse();
        }

        @Test
        void aCidrChangeIsAReplaceAndItsAssociationFollowsIt() throws Exception {
            Path before = saved("dev");
            CliRun r = diff("dev", before, "--json", "--set", "kubetrader:dataSubnetCidr=10.0.13.0/24");
            assertThat(r.exit()).as("dev's subnets are not protected").isZero();
            JsonNode d = JSON.readTree(r.out());
            JsonNode data = step(d, "kubetrader-data");
            assertThat(data.get("action").asText()).isEqualTo("replace");
            assertThat(data.at("/changes").findValuesAsText("input")).contains("cidrBlock");
            assertThat(step(d, "kubetrader-rta-data").get("action").asText()).isEqualTo("replace");
            assertThat(step(d, "kubetrader-db").get("action").asText()).as("the subnet group only lists it")
                    .isEqualTo("update");
        }

        @Test
        void aRemovedInterfaceEndpointIsADelete() throws Exception {
            Path before = saved("dev", "kubetrader:interfaceEndpoints=[\"secretsmanager\",\"ecr.api\"]");
            JsonNode d = JSON.readTree(diff("dev", before, "--json").out());
            JsonNode gone = step(d, "kubetrader-vpce-ecr-api");
            assertThat(gone.get("action").asText()).isEqualTo("delete");
            assertThat(d.at("/counts/delete").asInt()).isEqualTo(1);
        }

        @Test
        void movingThePrimaryAzIdReplacesThePrimarySubnetsAndIsRefusedWithTheRunsThatGetThere()
                throws Exception {
            Path before = saved("prod");
            CliRun r = diff("prod", before, "--set", "kubetrader:primaryAzId=apne1-az2",
                    "--set", "kubetrader:reservedAzId=apne1-az4");
            assertThat(r.exit()).isEqualTo(PlanCommand.REFUSED).isEqualTo(4);
            assertThat(r.out()).contains("+-replace aws:ec2/subnet:Subnet").contains("kubetrader-workload  [protected]")
                    .contains("~ availabilityZoneId: \"apne1-az4\" => \"apne1-az2\"   (availabilityZoneId forces replacement [internal/service/ec2/vpc_subnet.go")
                    .contains("The subnets kubetrader-data, kubetrader-public, kubetrader-workload move from apne1-az4 "
                            + "to apne1-az2")
                    .contains("drain what runs in apne1-az4")
                    .contains("WARNING: 3 protected or retained resource(s) would be replaced or deleted")
                    .contains("aws:ec2/subnet:Subnet kubetrader-public is protected")
                    .contains("REFUSED: this change cannot complete in one `pulumi up`")
                    .contains("InvalidSubnet.Conflict")
                    .contains("pulumi config set kubetrader:activeAzId apne1-az1 -s prod")
                    .contains("pulumi config set kubetrader:workloadSubnetCidr 10.0.48.0/20 -s prod");
            JsonNode d = JSON.readTree(diff("prod", before, "--json", "--set", "kubetrader:primaryAzId=apne1-az2",
                    "--set", "kubetrader:reservedAzId=apne1-az4").out());
            assertThat(step(d, "kubetrader-nat").get("action").asText()).as("the NAT sits in the public subnet")
                    .isEqualTo("replace");
            assertThat(d.get("changes").findValuesAsText("name")).as("the whitelisted EIP is untouched")
                    .doesNotContain("kubetrader-nat-eip");
            assertThat(d.get("steps")).as("the engine stops at preview: nothing runs").isEmpty();
            assertThat(d.get("refusals").findValuesAsText("by")).contains("engine", "program");
            assertThat(d.get("runs")).hasSize(4);
            assertThat(d.get("warnings")).hasSize(3);
        }
    }

    @Nested
    class BadInput {

        @Test
        void refusesAFileThatIsNotASavedPlanOrIsAnotherStacksBeforeRunningAnything() throws Exception {
            Path junk = Files.writeString(dir.resolve("junk.json"), "{\"hello\": 1}");
            CliRun r = diff("prod", junk);
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("--diff-against '" + junk + "' is not a saved plan");
            CliRun other = diff("prod", saved("dev"));
            assertThat(other.exit()).isEqualTo(2);
            assertThat(other.err()).contains("is a plan of stack dev, not prod");
            CliRun missing = diff("prod", dir.resolve("nope.json"));
            assertThat(missing.exit()).isEqualTo(2);
            assertThat(missing.err()).contains("--diff-against '" + dir.resolve("nope.json") + "' cannot be read "
                    + "(no such file)");
        }

        @Test
        void namesTheLineWhereATruncatedSavedPlanEnds() throws Exception {
            String whole = Files.readString(saved("prod"));
            Path truncated = Files.writeString(dir.resolve("truncated.json"), whole.substring(0, whole.length() / 2));
            CliRun r = diff("prod", truncated);
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).containsPattern("--diff-against '.*truncated.json' is not complete JSON at line \\d+, "
                    + "column \\d+").contains("Save it again with `plan --stack prod --json > plan.json`")
                    .doesNotContain("Exception");
        }
    }

    @Nested
    class TheReplacementTable {

        /** Every type the program can declare, across the stacks and the switches that add types. */
        @Test
        void coversEveryResourceTypeTheProgramDeclares() throws Exception {
            Set<String> declared = new TreeSet<>();
            List<List<String>> variants = List.of(List.of("prod"), List.of("dev"),
                    List.of("dev", "kubetrader:benchmarkSchedule=rate(1 day)"),
                    List.of("prod", "kubetrader:flowLogs=true", "kubetrader:peeringRoutes=[\"10.100.0.0/16=pcx-0123456789abcdef0\"]"));
            for (List<String> v : variants) {
                JsonNode plan = JSON.readTree(Files.readString(saved(v.get(0), v.subList(1, v.size())
                        .toArray(String[]::new))));
                plan.get("resources").forEach(r -> declared.add(r.get("type").asText()));
            }
            var table = com.kubetrader.plan.diff.ReplacementTable.bundled();
            assertThat(table.types()).as("add the missing types to src/main/resources/replacements/aws-6.83.0.json, "
                    + "with the inputs that force a new resource").containsAll(declared);
            assertThat(table.method()).contains("ForceNew", "RequiresReplace", "Nothing here is from memory");
        }

        @Test
        void everyEntryCitesTheProviderSourceItWasReadFrom() {
            var table = com.kubetrader.plan.diff.ReplacementTable.bundled();
            for (String type : table.types()) {
                assertThat(table.entries(type)).as(type).allSatisfy(e ->
                        assertThat(e.source()).as(type + " " + e.input()).matches("internal/service/\\S+\\.go.*"));
                assertThat(table.conditionals(type)).allSatisfy(c -> assertThat(c.source()).contains("internal/service/"));
            }
        }

        @ParameterizedTest(name = "{0} {1}: forces replacement = {2}")
        @CsvSource({
                "aws:ssm/document:Document, documentType, false",
                "aws:ssm/document:Document, name, true",
                "aws:ec2/instance:Instance, secondaryPrivateIps, false",
                "aws:ec2/instance:Instance, hostResourceGroupArn, false",
                "aws:ec2/eip:Eip, customerOwnedIpv4Pool, false",
                "aws:ec2/instance:Instance, rootBlockDevice.encrypted, true",
                "aws:ec2/instance:Instance, rootBlockDevice.kmsKeyId, true",
                "aws:ec2/instance:Instance, rootBlockDevice.volumeSize, false",
                "aws:ec2/securityGroup:SecurityGroup, description, true",
                "aws:ec2/routeTableAssociation:RouteTableAssociation, routeTableId, false",
                "aws:ec2/route:Route, natGatewayId, false",
                "aws:ec2/natGateway:NatGateway, allocationId, true"})
        void theEntriesReadFromTheProviderSource(String type, String input, boolean forces) {
            assertThat(com.kubetrader.plan.diff.ReplacementTable.bundled().forcing(type, input).isPresent())
                    .isEqualTo(forces);
        }

        @Test
        void aChangeInsideANestedBlockThatForcesReplacementReplacesTheInstance() throws Exception {
            String before = "{\"stack\":\"x\",\"resources\":[{\"urn\":\"u\",\"type\":\"aws:ec2/instance:Instance\","
                    + "\"name\":\"i\",\"inputs\":{\"rootBlockDevice\":{\"encrypted\":true,\"volumeSize\":30}}}]}";
            JsonNode encryptedOff = JSON.readTree(before.replace("\"encrypted\":true", "\"encrypted\":false"));
            JsonNode bigger = JSON.readTree(before.replace("30", "40"));
            assertThat(PlanDiff.bundled().diff(JSON.readTree(before), encryptedOff).steps()).singleElement()
                    .satisfies(s -> assertThat(s.action()).isEqualTo(PlanDiff.Action.REPLACE));
            assertThat(PlanDiff.bundled().diff(JSON.readTree(before), bigger).steps()).singleElement()
                    .satisfies(s -> assertThat(s.action()).isEqualTo(PlanDiff.Action.UPDATE));
        }

        @Test
        void refusesToGuessForATypeItDoesNotKnow() throws Exception {
            JsonNode a = JSON.readTree("{\"stack\":\"x\",\"resources\":[{\"urn\":\"u\",\"type\":\"aws:new/thing:Thing\","
                    + "\"name\":\"t\",\"inputs\":{\"size\":1}}]}");
            JsonNode b = JSON.readTree("{\"stack\":\"x\",\"resources\":[{\"urn\":\"u\",\"type\":\"aws:new/thing:Thing\","
                    + "\"name\":\"t\",\"inputs\":{\"size\":2}}]}");
            assertThatThrownBy(() -> PlanDiff.bundled().diff(a, b))
                    .hasMessageContaining("the replacement table has no entry for aws:new/thing:Thing");
        }
    }
}
