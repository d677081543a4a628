package com.kubetrader.plan.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.kubetrader.plan.diff.TransitionMatrix.Dimension;
import com.kubetrader.plan.diff.TransitionMatrix.Outcome;
import com.kubetrader.plan.diff.TransitionMatrix.State;
import com.kubetrader.plan.transition.Run;
import com.kubetrader.plan.transition.TransitionRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every change a user can make to a live stack with one config change, planned by the real program, ordered like the
 * engine and simulated under AWS's rules: it completes in one {@code pulumi up} with its egress gap, or it is refused
 * at preview with the runs that get there, and those runs, followed one by one, complete.
 *
 * <p>The NAT dimensions are planned on prod (protected, no fleet); the AZ move, the fleet and the fck-nat AMI on dev
 * (unprotected, with the fleet). Flow logs and the fleet are separate resources with no dependency on the NAT's: the
 * {@link Independence} tests hold them to that, which is what lets their changes be planned on one NAT state.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransitionMatrixTest {

    static final String AMI = "ami-0fedcba9876543210";

    static final Dimension NAT_MODE = new Dimension("kubetrader:natMode", TransitionMatrix.values(
            "gateway", List.of("kubetrader:natMode", "gateway"),
            "instance", List.of("kubetrader:natMode", "instance"),
            "none", List.of("kubetrader:natMode", "none")));
    static final Dimension EIP = new Dimension("kubetrader:natEipAllocationId", TransitionMatrix.values(
            "created EIP", List.of("kubetrader:natEipAllocationId", ""),
            "adopted EIP", List.of("kubetrader:natEipAllocationId", TransitionMatrix.ADOPTED)));
    static final Dimension PRIMARY = new Dimension("kubetrader:primaryAzId", TransitionMatrix.values(
            "primary apne1-az4", List.of("kubetrader:primaryAzId", "apne1-az4", "kubetrader:reservedAzId", "apne1-az2"),
            "primary apne1-az2", List.of("kubetrader:primaryAzId", "apne1-az2", "kubetrader:reservedAzId", "apne1-az4")));
    static final Dimension ACTIVE = new Dimension("kubetrader:activeAzId", TransitionMatrix.values(
            "hot path in primary", List.of("kubetrader:activeAzId", ""),
            "evacuated", List.of("kubetrader:activeAzId", "apne1-az1")));
    static final Dimension STANDBY_EIP = new Dimension("kubetrader:standbyEip", TransitionMatrix.values(
            "standby EIP", List.of("kubetrader:standbyEip", "true"),
            "no standby EIP", List.of("kubetrader:standbyEip", "false")));
    static final Dimension BENCHMARK = new Dimension("benchmark", TransitionMatrix.values(
            "benchmark on", List.of("kubetrader:benchmarkEnabled", "true", "kubetrader:benchmarkSchedule", ""),
            "benchmark off", List.of("kubetrader:benchmarkEnabled", "false", "kubetrader:benchmarkSchedule", ""),
            "benchmark scheduled", List.of("kubetrader:benchmarkEnabled", "true",
                    "kubetrader:benchmarkSchedule", "cron(0 9 ? * MON *)")));
    static final Dimension NAT_AMI = new Dimension("kubetrader:natInstanceAmiId", TransitionMatrix.values(
            "fck-nat AMI looked up", List.of("kubetrader:natInstanceAmiId", ""),
            "fck-nat AMI pinned", List.of("kubetrader:natInstanceAmiId", AMI)));
    static final Dimension FLOW_LOGS = new Dimension("kubetrader:flowLogs", TransitionMatrix.values(
            "flow logs on", List.of("kubetrader:flowLogs", "true"),
            "flow logs off", List.of("kubetrader:flowLogs", "false")));

    /** prod: every NAT mode, EIP source, primary AZ, hot path and standby EIP (a moved primary AZ only at rest). */
    static final TransitionMatrix PROD = new TransitionMatrix("prod", Map.of(),
            List.of(NAT_MODE, EIP, PRIMARY, ACTIVE, STANDBY_EIP),
            s -> s.values().get(2).equals("primary apne1-az4")
                    || s.values().get(3).equals("hot path in primary") && s.values().get(4).equals("standby EIP"));
    /** dev: the AZ move in each NAT mode, the fleet's three states and the fck-nat AMI, on the instance NAT. */
    static final TransitionMatrix DEV = new TransitionMatrix("dev", Map.of(),
            List.of(NAT_MODE, PRIMARY, BENCHMARK, NAT_AMI),
            s -> s.values().get(2).equals("benchmark on") && s.values().get(3).equals("fck-nat AMI looked up")
                    || s.values().get(0).equals("instance") && s.values().get(1).equals("primary apne1-az4")
                    && (s.values().get(2).equals("benchmark on") || s.values().get(3).equals("fck-nat AMI looked up")));
    /** prod's flow logs, on and off. */
    static final TransitionMatrix FLOWS = new TransitionMatrix("prod", Map.of(), List.of(FLOW_LOGS), s -> true);

    List<Outcome> prod;
    List<Outcome> dev;
    List<Outcome> flows;

    @BeforeAll
    void simulateEveryChange() {
        prod = PROD.outcomes();
        dev = DEV.outcomes();
        flows = FLOWS.outcomes();
    }

    List<Outcome> all() {
        List<Outcome> out = new ArrayList<>(prod);
        out.addAll(dev);
        out.addAll(flows);
        return out;
    }

    static Outcome find(List<Outcome> outcomes, String from, String to) {
        return outcomes.stream().filter(o -> o.from().label().equals(from) && o.to().label().equals(to)).findFirst()
                .orElseThrow(() -> new AssertionError("no change " + from + " → " + to));
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class EveryChange {

        @Test
        void coversEveryPairOfStatesOneConfigChangeApartBothWays() {
            assertThat(PROD.states()).hasSize(30);
            assertThat(DEV.states()).hasSize(9);
            assertThat(prod.size()).isEqualTo(150);
            assertThat(dev.size()).isEqualTo(26);
            assertThat(flows.size()).isEqualTo(2);
        }

        @Test
        void eitherCompletesInOneUpOrIsRefusedAtPreviewWithTheRunsThatGetThere() {
            for (Outcome o : all()) {
                String what = o.stack() + " " + o.from().label() + " → " + o.to().label() + ": "
                        + TransitionMatrix.describe(o.transition());
                if (o.refused()) {
                    assertThat(o.transition().exitCode()).as(what).isEqualTo(Transition.REFUSED);
                    assertThat(o.runs()).as(what + ": the way through").hasSizeGreaterThan(1)
                            .allSatisfy(r -> assertThat(r.commands()).as(what).isNotEmpty());
                    assertThat(o.runs().stream().flatMap(r -> r.commands().stream()))
                            .as(what + ": at least one pulumi up").anyMatch(c -> c.startsWith("pulumi up -s "));
                } else {
                    assertThat(o.transition().simulation().refused()).as(what).isEmpty();
                    assertThat(o.transition().order().stopped()).as(what).isFalse();
                    assertThat(o.runs()).as(what).singleElement()
                            .satisfies(r -> assertThat(r.commands()).containsExactly("pulumi up -s " + o.stack()));
                    assertThat(o.transition().exitCode()).as(what).isIn(0, Transition.PROTECTED_AT_RISK);
                }
            }
        }

        /**
         * What the program refuses at preview (it reads its own last outputs) and what the simulation finds agree:
         * every AWS refusal the simulation finds, the program refuses first, under that rule or the migration that
         * avoids it; every AWS rule the program cites, the simulation breaks (unless the engine stopped first).
         */
        @Test
        void theProgramRefusesAtPreviewExactlyWhatTheSimulationFindsAwsWouldRefuse() {
            Map<String, Set<String>> coveredBy = Map.of(
                    "aws.eip-one-holder", Set.of("aws.eip-one-holder"),
                    "aws.subnet-cidr-conflict", Set.of("aws.subnet-cidr-conflict", "program.az-move"),
                    "aws.subnet-with-interfaces", Set.of("program.az-move"),
                    "aws.interface-in-use", Set.of("aws.interface-in-use"));
            for (Outcome o : all()) {
                String what = o.stack() + " " + o.from().label() + " → " + o.to().label();
                Set<String> guard = o.transition().verdict().refusals().stream().map(r -> r.rule().id())
                        .collect(Collectors.toCollection(TreeSet::new));
                Set<String> simulated = o.transition().simulation().refused().stream().map(r -> r.rule().id())
                        .collect(Collectors.toCollection(TreeSet::new));
                for (String rule : simulated) {
                    assertThat(guard).as(what + ": the simulation finds " + rule).containsAnyElementsOf(
                            coveredBy.getOrDefault(rule, Set.of(rule)));
                }
                if (!o.transition().order().stopped()) { // else the engine itself stops the preview
                    for (String rule : guard) {
                        if (rule.startsWith("aws.")) {
                            assertThat(simulated).as(what + ": the program cites " + rule).contains(rule);
                        }
                    }
                }
            }
        }

        @Test
        void everyRefusalCitesARuleWithASource() {
            TransitionRules rules = TransitionRules.bundled();
            for (Outcome o : all()) {
                for (String id : o.refusingRules()) {
                    assertThat(rules.rule(id).sources()).as(id).isNotEmpty();
                    assertThat(rules.rule(id).refuses()).as(id).isTrue();
                }
            }
        }

        @Test
        void theTablesInDocsTransitionsMdAreTheMatrix() throws Exception {
            String generated = "<!-- matrix:prod:begin -->\n" + TransitionMatrix.table(prod) + "<!-- matrix:prod:end -->\n"
                    + "<!-- matrix:dev:begin -->\n" + TransitionMatrix.table(dev) + TransitionMatrix.table(flows)
                    .lines().skip(2).map(l -> l + "\n").collect(Collectors.joining()) + "<!-- matrix:dev:end -->\n";
            Path out = Path.of("target", "transition-matrix.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, generated);
            String docs = Files.readString(Path.of("docs", "transitions.md"));
            for (String block : List.of("prod", "dev")) {
                String begin = "<!-- matrix:" + block + ":begin -->";
                String end = "<!-- matrix:" + block + ":end -->";
                String want = generated.substring(generated.indexOf(begin), generated.indexOf(end) + end.length());
                assertThat(docs).as("docs/transitions.md's " + block + " table is out of date: paste the block from "
                        + out.toAbsolutePath()).contains(want);
            }
        }
    }

    @Nested
    class TheDocs {

        @Test
        void docsTransitionsMdListsEveryRuleAndEstimateWithItsSourceAndNothingElse() throws Exception {
            String docs = Files.readString(Path.of("docs", "transitions.md"));
            var json = TransitionMatrix.JSON;
            for (String block : List.of("rules", "times")) {
                String file = "src/main/resources/transitions/" + block + ".json";
                JsonNode entries = json.readTree(Files.readString(Path.of(file))).path(block);
                String section = docs.substring(docs.indexOf("<!-- " + block + ":begin -->"),
                        docs.indexOf("<!-- " + block + ":end -->"));
                Set<String> listed = new TreeSet<>();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\| `([a-zA-Z.-]+)` \\|",
                        java.util.regex.Pattern.MULTILINE).matcher(section);
                while (m.find()) {
                    listed.add(m.group(1));
                }
                Set<String> ids = new TreeSet<>();
                for (JsonNode e : entries) {
                    ids.add(e.path("id").asText());
                    String source = e.has("sources") ? e.path("sources").get(0).asText() : e.path("source").asText();
                    assertThat(section).as(file + " " + e.path("id").asText() + ": its source in the docs")
                            .contains(source);
                }
                assertThat(listed).as("docs/transitions.md's " + block + " table against " + file).isEqualTo(ids);
            }
        }

        @Test
        void theRulesSourcesThatPointIntoTheDocsPointAtHeadingsThatExist() throws Exception {
            for (var rule : TransitionRules.bundled().rules().values()) {
                for (String source : rule.sources()) {
                    if (source.startsWith("docs/")) {
                        String file = source.substring(0, source.indexOf('#'));
                        String anchor = source.substring(source.indexOf('#') + 1);
                        String doc = Files.readString(Path.of(file));
                        assertThat(doc.lines().filter(l -> l.startsWith("#")).map(l -> l.replaceFirst("^#+ ", "")
                                .toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-')))
                                .as(rule.id() + " cites " + source).contains(anchor);
                    }
                }
            }
        }
    }

    @Nested
    class TheIssuesTable {

        static final String AT_REST = "created EIP, primary apne1-az4, hot path in primary, standby EIP";

        @Test
        void instanceToGatewayIsRefusedBecauseTheInstanceStillHoldsTheEipAndTheWayThroughIsNoneThenGateway() {
            Outcome o = find(prod, "instance, " + AT_REST, "gateway, " + AT_REST);
            assertThat(o.refusingRules()).containsExactly("aws.eip-one-holder");
            assertThat(o.transition().simulation().refused()).singleElement().satisfies(r -> {
                assertThat(r.step().type()).isEqualTo("aws:ec2/natGateway:NatGateway");
                assertThat(r.what()).contains("Resource.AlreadyAssociated");
            });
            assertThat(o.runs()).extracting(Run::commands).containsExactly(
                    List.of("pulumi config set kubetrader:natMode none -s prod", "pulumi up -s prod"),
                    List.of("pulumi config set kubetrader:natMode gateway -s prod", "pulumi up -s prod"));
        }

        @Test
        void gatewayToInstanceCompletesWithABlackholeUntilFckNatForwardsAndThenAnUnlistedAddressUntilTheGatewayIsGone() {
            Outcome o = find(prod, "gateway, " + AT_REST, "instance, " + AT_REST);
            assertThat(o.refused()).isFalse();
            assertThat(o.noEgress()).as("the route moves when the group is in service; fck-nat forwards later")
                    .isPositive();
            assertThat(o.unlisted()).as("the gateway keeps the EIP until it is deleted, at the end").isPositive();
            assertThat(o.transition().verdict().notices()).extracting(n -> n.rule())
                    .contains("aws.nat-gateway-keeps-its-address");
        }

        @Test
        void unAdoptingIsRefusedAsANewAddressAndWithTheAcknowledgementItCompletesNamingTheAddressToWhitelist() {
            Outcome o = find(prod, "gateway, adopted EIP, primary apne1-az4, hot path in primary, standby EIP",
                    "gateway, " + AT_REST);
            assertThat(o.refusingRules()).containsExactly("program.address-change");
            assertThat(DiffReport.refusals(o.transition())).anyMatch(s -> s.contains("brand-new address"));
            var steps = followedWayThrough(PROD, o);
            assertThat(steps.get(0).transition().verdict().notices()).anyMatch(n -> n.text().contains(
                    "pulumi stack output natPublicIp -s prod"));
        }

        @Test
        void adoptingSaysTheStacksOwnAddressLeavesItStillBilledAndHowToReleaseIt() {
            Outcome o = find(prod, "gateway, " + AT_REST,
                    "gateway, adopted EIP, primary apne1-az4, hot path in primary, standby EIP");
            assertThat(o.refusingRules()).containsExactly("program.address-change");
            assertThat(DiffReport.refusals(o.transition())).anyMatch(s -> s.contains("still allocated and billed")
                    && s.contains("aws ec2 release-address --allocation-id eipalloc-"));
            assertThat(o.runs().get(0).commands()).containsExactly("aws ec2 describe-addresses --allocation-ids "
                    + TransitionMatrix.ADOPTED + " --query 'Addresses[0].PublicIp' --output text");
        }

        @Test
        void movingThePrimaryAzIsRefusedInBothStacksPointingToTheMigration() {
            Outcome inProd = find(prod, "gateway, " + AT_REST,
                    "gateway, created EIP, primary apne1-az2, hot path in primary, standby EIP");
            assertThat(inProd.refusingRules()).contains("engine.protected", "program.az-move");
            Outcome inDev = find(dev, "instance, primary apne1-az4, benchmark on, fck-nat AMI looked up",
                    "instance, primary apne1-az2, benchmark on, fck-nat AMI looked up");
            assertThat(inDev.refusingRules()).as("dev is unprotected: AWS's conflict is what stops it")
                    .contains("program.az-move", "aws.subnet-cidr-conflict").doesNotContain("engine.protected");
            for (Outcome o : List.of(inProd, inDev)) {
                assertThat(DiffReport.refusals(o.transition())).anyMatch(s -> s.contains(
                        "docs/migrations.md#moving-the-primary-az"));
            }
        }

        @Test
        void unsettingTheScheduleStartsTheFleetAndDeclaresItRunningAndSaysSo() {
            Outcome o = find(dev, "instance, primary apne1-az4, benchmark scheduled, fck-nat AMI looked up",
                    "instance, primary apne1-az4, benchmark on, fck-nat AMI looked up");
            assertThat(o.refused()).isFalse();
            assertThat(o.transition().diff().steps()).filteredOn(s -> s.type().equals(
                    "aws:ec2transitgateway/instanceState:InstanceState")).extracting(s -> s.action() + " " + s.name())
                    .contains("CREATE kubetrader-bench-az4-running", "DELETE kubetrader-bench-az4-state");
            assertThat(o.transition().verdict().notices()).extracting(n -> n.rule())
                    .containsExactly("provider.instance-state-delete");
        }

        @Test
        void aNewFckNatAmiIsAnInstanceRefreshWithItsEgressGap() {
            Outcome o = find(dev, "instance, primary apne1-az4, benchmark on, fck-nat AMI looked up",
                    "instance, primary apne1-az4, benchmark on, fck-nat AMI pinned");
            assertThat(o.refused()).isFalse();
            assertThat(o.transition().diff().steps()).anyMatch(s -> s.instanceRefresh()
                    && s.type().equals("aws:autoscaling/group:Group"));
            assertThat(o.noEgress()).as("the one instance is replaced").isPositive();
            assertThat(o.unlisted()).isZero();
        }
    }

    @Nested
    class TheWayThrough {

        /** One refusal of each rule, in each stack it occurs in, followed run by run. */
        @Test
        void everyKindOfRefusalHasAWayThroughWhoseRunsEachComplete() {
            Map<String, Outcome> representatives = new LinkedHashMap<>();
            for (Outcome o : all()) {
                if (o.refused()) {
                    representatives.putIfAbsent(o.stack() + " " + o.refusingRules(), o);
                }
            }
            assertThat(representatives).isNotEmpty();
            for (Outcome o : representatives.values()) {
                TransitionMatrix m = o.stack().equals("dev") ? DEV : PROD;
                followedWayThrough(m, o);
            }
        }

        @Test
        void theStandbyEipCannotChangeWhileEvacuated() {
            Outcome o = find(prod, "instance, created EIP, primary apne1-az4, evacuated, no standby EIP",
                    "instance, created EIP, primary apne1-az4, evacuated, standby EIP");
            assertThat(o.refusingRules()).containsExactly("program.standby-eip-evacuated");
        }
    }

    @Nested
    class Independence {

        /** The fleet's changes touch only the fleet; the NAT's changes never the fleet or the flow logs. */
        @Test
        void fleetAndFlowLogChangesTouchNothingOfTheNatAndNatChangesNothingOfThem() {
            for (Outcome o : dev) {
                boolean fleet = o.dimension() == BENCHMARK;
                for (PlanDiff.Step s : o.transition().diff().steps()) {
                    boolean bench = s.urn().contains("kubetrader:bench:");
                    assertThat(bench).as(o.from().label() + " → " + o.to().label() + ": " + s.name()).isEqualTo(fleet);
                }
            }
            for (Outcome o : flows) {
                assertThat(o.transition().diff().steps()).allSatisfy(s -> assertThat(s.name())
                        .startsWith("kubetrader-flow-logs"));
            }
            for (Outcome o : prod) {
                assertThat(o.transition().diff().steps()).noneSatisfy(s -> assertThat(s.name())
                        .startsWith("kubetrader-flow-logs"));
            }
        }

        @Test
        void noFleetOrFlowLogResourceDependsOnTheNetworksAndNoneOfTheNetworksOnThem() {
            JsonNode plan = DEV.plan(DEV.states().get(0));
            Map<String, Boolean> fleetByUrn = new LinkedHashMap<>();
            plan.path("resources").forEach(r -> fleetByUrn.put(r.path("urn").asText(),
                    r.path("urn").asText().contains("kubetrader:bench:")));
            for (JsonNode r : plan.path("resources")) {
                boolean fleet = fleetByUrn.get(r.path("urn").asText());
                for (String dep : EngineOrder.dependencies(r)) {
                    if (fleetByUrn.containsKey(dep) && !dep.contains("::pulumi:pulumi:Stack::")) { // the root parents both
                        assertThat(fleetByUrn.get(dep)).as(r.path("name").asText() + " depends on " + dep)
                                .isEqualTo(fleet);
                    }
                }
            }
        }
    }

    /**
     * Follows a refusal's way through, asserting each run completes. The user has already set the config that was
     * refused (that is how they met the refusal), so the runs' commands apply on top of the target's config, from the
     * plan the last successful run left.
     */
    static List<TransitionMatrix.Step> followedWayThrough(TransitionMatrix m, Outcome o) {
        var steps = TransitionMatrix.follow(o.stack(), m.config(o.to()), m.plan(o.from()), o.runs());
        assertThat(steps).as(o.from().label() + " → " + o.to().label() + ": the runs").isNotEmpty();
        for (var s : steps) {
            assertThat(s.transition().refused()).as(o.stack() + " " + o.from().label() + " → " + o.to().label()
                    + ", run with " + s.config() + ": " + TransitionMatrix.describe(s.transition())).isFalse();
        }
        return steps;
    }
}
