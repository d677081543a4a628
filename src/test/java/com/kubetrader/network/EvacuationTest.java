package com.kubetrader.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.kubetrader.offline.PlanJson;
import com.kubetrader.offline.SharedRuns;
import com.kubetrader.offline.SimulatedAccount;
import com.kubetrader.plan.diff.DiffReport;
import com.kubetrader.plan.diff.PlanDiff;
import com.kubetrader.plan.diff.Transition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A zone outage's answer: a dormant standby that costs nothing but its address, and kubetrader:activeAzId moving the
 * hot path to it in one pulumi up, egress still from a whitelisted address, nothing in the primary AZ touched, and
 * the way back the same.
 */
class EvacuationTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String STANDBY = "apne1-az1";
    static final String EIP = "aws:ec2/eip:Eip";
    static final String ROUTE = "aws:ec2/route:Route";
    static final String NAT_GATEWAY = "aws:ec2/natGateway:NatGateway";

    static JsonNode plan(String stack, String... kv) {
        var result = SharedRuns.of(stack, kv);
        assertThat(result.errors()).as(stack + " " + List.of(kv)).isEmpty();
        try {
            return JSON.readTree(PlanJson.render(result, SimulatedAccount.SEED_AZ_NAMES));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<JsonNode> ofType(JsonNode plan, String type) {
        List<JsonNode> out = new ArrayList<>();
        plan.path("resources").forEach(r -> {
            if (r.path("type").asText().equals(type)) {
                out.add(r);
            }
        });
        return out;
    }

    static JsonNode named(JsonNode plan, String name) {
        for (JsonNode r : plan.path("resources")) {
            if (r.path("name").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no resource " + name);
    }

    static JsonNode byId(JsonNode plan, String id) {
        for (JsonNode r : plan.path("resources")) {
            if (id.equals(r.path("id").asText()) || id.equals(r.path("readId").asText())) {
                return r;
            }
        }
        throw new AssertionError("no resource with ID " + id);
    }

    /** The default route of the table a subnet is associated with. */
    static JsonNode defaultRoute(JsonNode plan, String subnetName) {
        String subnetId = named(plan, subnetName).path("id").asText();
        String table = null;
        for (JsonNode r : ofType(plan, "aws:ec2/routeTableAssociation:RouteTableAssociation")) {
            if (r.path("inputs").path("subnetId").asText().equals(subnetId)) {
                table = r.path("inputs").path("routeTableId").asText();
            }
        }
        for (JsonNode r : ofType(plan, ROUTE)) {
            if (r.path("inputs").path("routeTableId").asText().equals(table)
                    && r.path("inputs").path("destinationCidrBlock").asText().equals("0.0.0.0/0")) {
                return r;
            }
        }
        return null;
    }

    @Nested
    class TheDormantStandby {

        @ParameterizedTest(name = "{0}, natMode {1}")
        @CsvSource({"prod, gateway", "prod, instance", "dev, instance", "dev, none"})
        void declaresNothingBillableBeyondTheStandbyAddress(String stack, String mode) {
            JsonNode with = plan(stack, "kubetrader:natMode", mode);
            JsonNode without = plan(stack, "kubetrader:natMode", mode, "kubetrader:standbyEip", "false");
            Set<String> added = new TreeSet<>();
            with.path("resources").forEach(r -> added.add(r.path("urn").asText()));
            without.path("resources").forEach(r -> added.remove(r.path("urn").asText()));
            assertThat(added).as("all the standby EIP adds").singleElement().asString()
                    .endsWith("$aws:ec2/eip:Eip::kubetrader-standby-nat-eip");
            // and what is there in both costs nothing: a subnet, a route table and its association, no way out
            assertThat(defaultRoute(with, "kubetrader-standby-workload")).as("no route out while dormant").isNull();
            JsonNode subnet = named(with, "kubetrader-standby-workload");
            assertThat(subnet.path("inputs").path("tags").path("kubetrader.io/role").asText())
                    .isEqualTo("workload-inactive");
            assertThat(subnet.path("inputs").path("tags").has("kubernetes.io/role/internal-elb")).isFalse();
            String subnetId = subnet.path("id").asText();
            for (JsonNode endpoint : ofType(with, "aws:ec2/vpcEndpoint:VpcEndpoint")) {
                assertThat(endpoint.path("inputs").path("subnetIds").toString()).as(endpoint.path("name").asText())
                        .doesNotContain(subnetId);
            }
            assertThat(ofType(with, NAT_GATEWAY)).allSatisfy(n -> assertThat(n.path("name").asText())
                    .doesNotContain("standby"));
        }

        @Test
        void exportsTheStandbyAddressForTheWhitelist() {
            JsonNode prod = plan("prod");
            assertThat(prod.path("outputs").path("standbyNatPublicIp").asText()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
            assertThat(prod.path("outputs").path("standbyNatPublicIp").asText())
                    .isNotEqualTo(prod.path("outputs").path("natPublicIp").asText());
        }
    }

    @Nested
    class AnEvacuatedPlan {

        @ParameterizedTest(name = "{0}, natMode {1}")
        @CsvSource({"prod, gateway", "dev, gateway"})
        void routesTheStandbyWorkloadSubnetThroughAGatewayInTheStandbyPublicSubnetHoldingTheStandbyAddress(
                String stack, String mode) {
            JsonNode evacuated = plan(stack, "kubetrader:natMode", mode, "kubetrader:activeAzId", STANDBY);
            JsonNode route = defaultRoute(evacuated, "kubetrader-standby-workload");
            assertThat(route).isNotNull();
            JsonNode nat = byId(evacuated, route.path("inputs").path("natGatewayId").asText());
            assertThat(nat.path("inputs").path("subnetId").asText())
                    .isEqualTo(named(evacuated, "kubetrader-standby-public").path("id").asText());
            JsonNode eip = byId(evacuated, nat.path("inputs").path("allocationId").asText());
            assertThat(eip.path("name").asText()).isEqualTo("kubetrader-standby-nat-eip");
            assertThat(eip.path("protect").asBoolean()).isTrue();
        }

        @Test
        void routesTheStandbyWorkloadSubnetThroughANatInstanceThereThatTakesTheStandbyAddress() {
            JsonNode evacuated = plan("dev", "kubetrader:activeAzId", STANDBY);
            JsonNode route = defaultRoute(evacuated, "kubetrader-standby-workload");
            JsonNode eni = byId(evacuated, route.path("inputs").path("networkInterfaceId").asText());
            assertThat(eni.path("inputs").path("subnetId").asText())
                    .isEqualTo(named(evacuated, "kubetrader-standby-public").path("id").asText());
            String userData = PlanDiffAccess.decoded(named(evacuated, "kubetrader-standby-nat-template")
                    .path("inputs").path("userData").asText());
            assertThat(userData).contains("eni_id=" + eni.path("id").asText())
                    .contains("eip_id=" + named(evacuated, "kubetrader-standby-nat-eip").path("id").asText());
        }

        @Test
        void withoutAStandbyEipTheStandbyNatTakesThePrimaryAddressWhichStaysWhitelisted() {
            JsonNode evacuated = plan("prod", "kubetrader:activeAzId", STANDBY, "kubetrader:standbyEip", "false");
            JsonNode nat = byId(evacuated, defaultRoute(evacuated, "kubetrader-standby-workload")
                    .path("inputs").path("natGatewayId").asText());
            assertThat(byId(evacuated, nat.path("inputs").path("allocationId").asText()).path("name").asText())
                    .isEqualTo("kubetrader-nat-eip");
            assertThat(defaultRoute(evacuated, "kubetrader-workload").path("inputs").path("natGatewayId").asText())
                    .as("the one NAT serves both workload subnets").isEqualTo(nat.path("id").asText());
        }

        @Test
        void movesTheSelectionTagsAndGivesTheInterfaceEndpointsAnInterfaceInTheStandbyWorkloadSubnet() {
            JsonNode evacuated = plan("prod", "kubetrader:activeAzId", STANDBY);
            JsonNode standby = named(evacuated, "kubetrader-standby-workload");
            assertThat(standby.path("inputs").path("tags").path("kubetrader.io/role").asText()).isEqualTo("workload");
            assertThat(standby.path("inputs").path("tags").path("kubernetes.io/role/internal-elb").asText()).isEqualTo("1");
            assertThat(named(evacuated, "kubetrader-workload").path("inputs").path("tags").path("kubetrader.io/role")
                    .asText()).isEqualTo("workload-inactive");
            assertThat(named(evacuated, "kubetrader-vpce-secretsmanager").path("inputs").path("subnetIds").toString())
                    .contains(standby.path("id").asText());
        }
    }

    @Nested
    class TheEvacuationAndTheReturn {

        @ParameterizedTest(name = "{0}, natMode {1}")
        @CsvSource({"prod, gateway", "prod, instance", "prod, none", "dev, instance", "dev, gateway"})
        void replaceOrDeleteNothingThatWasThereBeforeAndEachCompleteInOneUp(String stack, String mode) {
            JsonNode home = plan(stack, "kubetrader:natMode", mode);
            JsonNode away = plan(stack, "kubetrader:natMode", mode, "kubetrader:activeAzId", STANDBY);
            Transition out = Transition.of(home, away);
            Transition back = Transition.of(away, home);
            for (Transition t : List.of(out, back)) {
                assertThat(t.refused()).as(DiffReport.refusals(t).toString()).isFalse();
                assertThat(t.diff().steps()).noneMatch(s -> s.action() == PlanDiff.Action.REPLACE
                        || s.action() == PlanDiff.Action.CREATE_REPLACEMENT || s.action() == PlanDiff.Action.READ_REPLACEMENT);
            }
            assertThat(out.diff().steps()).as("an evacuation only adds and updates")
                    .allSatisfy(s -> assertThat(s.action()).isIn(PlanDiff.Action.CREATE, PlanDiff.Action.UPDATE));
            Set<String> homeUrns = new TreeSet<>();
            home.path("resources").forEach(r -> homeUrns.add(r.path("urn").asText()));
            assertThat(back.diff().steps()).filteredOn(s -> s.action() == PlanDiff.Action.DELETE)
                    .as("the return deletes only what the evacuation added")
                    .allSatisfy(s -> assertThat(homeUrns).doesNotContain(s.urn()));
        }

        @ParameterizedTest(name = "natMode {0}")
        @CsvSource({"gateway", "instance", "none"})
        void keepTheEipsUrnsAndProtection(String mode) {
            for (String active : List.of("", STANDBY)) {
                for (String standbyEip : List.of("true", "false")) {
                    JsonNode p = plan("prod", "kubetrader:natMode", mode, "kubetrader:activeAzId", active,
                            "kubetrader:standbyEip", standbyEip);
                    Map<String, Boolean> eips = ofType(p, EIP).stream().collect(Collectors.toMap(
                            r -> r.path("urn").asText().replaceAll(".*::", ""),
                            r -> r.path("protect").asBoolean() && r.path("retainOnDelete").asBoolean()));
                    assertThat(eips).as(mode + " " + active + " " + standbyEip).isEqualTo(standbyEip.equals("true")
                            ? Map.of("kubetrader-nat-eip", true, "kubetrader-standby-nat-eip", true)
                            : Map.of("kubetrader-nat-eip", true));
                }
            }
        }

        @Test
        void theDiffShowsTheEvacuationInEngineOrderWithItsRtoAndItsParts() throws Exception {
            JsonNode home = plan("prod");
            JsonNode away = plan("prod", "kubetrader:activeAzId", STANDBY);
            Transition t = Transition.of(home, away);
            String text = DiffReport.text("prod", "home.json", t);
            assertThat(text).contains("In the order `pulumi up` runs them")
                    .containsPattern("create +aws:ec2/natGateway:NatGateway +kubetrader-standby-nat")
                    .containsPattern("RTO estimate for this evacuation: \\d+ s, the longest of:")
                    .contains("Karpenter", "Aurora fails over to the reader");
            assertThat(t.simulation().rto()).hasValueSatisfying(rto -> {
                assertThat(rto.seconds()).isEqualTo(t.simulation().egress().noEgressSeconds());
                assertThat(rto.parts()).hasSize(4);
            });
            JsonNode json = JSON.readTree(DiffReport.json("prod", "home.json", t));
            assertThat(json.path("rto").path("estimate").asBoolean()).isTrue();
            // and the return: the hot path's route and NAT were never touched, so no gap
            Transition back = Transition.of(away, home);
            assertThat(back.simulation().egress().noEgressSeconds()).isZero();
            assertThat(back.simulation().rto()).isEmpty();
        }

        @Test
        void withoutAStandbyEipInGatewayModeTheDiffSaysWhatMustBeReleasedFirstAndInWhichOrder() {
            JsonNode home = plan("prod", "kubetrader:standbyEip", "false");
            JsonNode away = plan("prod", "kubetrader:standbyEip", "false", "kubetrader:activeAzId", STANDBY);
            Transition t = Transition.of(home, away);
            assertThat(t.exitCode()).isEqualTo(Transition.REFUSED);
            assertThat(DiffReport.refusals(t)).anyMatch(r -> r.contains("Resource.AlreadyAssociated"));
            assertThat(t.runs("prod")).extracting(r -> r.commands()).containsExactly(
                    List.of("pulumi config set kubetrader:natMode none -s prod", "pulumi up -s prod"),
                    List.of("pulumi config set kubetrader:natMode gateway -s prod",
                            "pulumi config set kubetrader:activeAzId " + STANDBY + " -s prod", "pulumi up -s prod"));
            assertThat(t.runs("prod").get(0).purpose()).contains("release the address")
                    .contains("an API call in the AZ it runs in");
        }

        @Test
        void withoutAStandbyEipInInstanceModeTheStandbyInstanceTakesThePrimaryAddressAndTheOldNatGoesLast() {
            JsonNode home = plan("prod", "kubetrader:natMode", "instance", "kubetrader:standbyEip", "false");
            JsonNode away = plan("prod", "kubetrader:natMode", "instance", "kubetrader:standbyEip", "false",
                    "kubetrader:activeAzId", STANDBY);
            Transition t = Transition.of(home, away);
            assertThat(t.refused()).isFalse();
            // the address keeper re-associates with AllowReassociation: no call waits on the failed zone's NAT;
            // the primary NAT instance is deleted with the other deletes, after the new route is in place
            var timed = t.simulation().steps();
            int routeReady = timed.stream().filter(s -> s.step().name().equals(
                    "kubetrader-route-standby-workload-0-0-0-0-0")).mapToInt(s -> s.end()).max().orElseThrow();
            assertThat(timed).filteredOn(s -> s.step().op().deletes())
                    .isNotEmpty().allSatisfy(s -> assertThat(s.start()).isGreaterThanOrEqualTo(routeReady));
            assertThat(t.simulation().egress().noEgressSeconds()).isEqualTo(t.simulation().rto().orElseThrow().seconds());
        }
    }

    /** PlanDiff's base64 helper, for reading user data. */
    static final class PlanDiffAccess {
        static String decoded(String base64) {
            return new String(java.util.Base64.getDecoder().decode(base64), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
