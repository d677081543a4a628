package com.kubetrader.plan.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.kubetrader.plan.Cidr;
import com.kubetrader.plan.transition.Run;
import com.kubetrader.plan.transition.TransitionGuard;
import com.kubetrader.plan.transition.TransitionRules;
import com.kubetrader.plan.transition.TransitionState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One change to a live stack, simulated: what each resource goes through ({@link PlanDiff}), in the engine's order
 * ({@link EngineOrder}), against AWS's rules with estimated times ({@link TransitionSimulation}), and what the
 * program's own guard says at preview ({@link TransitionGuard}, from the state the saved plan's stack exported).
 */
public record Transition(PlanDiff.Result diff, EngineOrder.Ordered order, TransitionSimulation.Result simulation,
                         TransitionGuard.Verdict verdict) {

    /** Exit code: a protected or retained resource would be replaced or deleted (CI fails on it). */
    public static final int PROTECTED_AT_RISK = 3;
    /** Exit code: a step would be refused, by AWS, the engine or the program; the way through is printed. */
    public static final int REFUSED = 4;

    public static Transition of(JsonNode before, JsonNode after) {
        TransitionRules rules = TransitionRules.bundled();
        PlanDiff.Result diff = PlanDiff.bundled().diff(before, after);
        EngineOrder.Ordered order = EngineOrder.of(diff, before, after, rules);
        TransitionSimulation.Result simulation = TransitionSimulation.run(order, before, after, rules);
        return new Transition(diff, order, simulation, guard(before, after));
    }

    /** The guard as the program runs it at preview: the saved plan's exported state against the new one. */
    @SuppressWarnings("unchecked")
    static TransitionGuard.Verdict guard(JsonNode before, JsonNode after) {
        ObjectMapper json = new ObjectMapper();
        var previous = TransitionState.fromOutputs((Map<String, Object>) json.convertValue(before.path("outputs"), Map.class));
        var next = TransitionState.fromOutputs((Map<String, Object>) json.convertValue(after.path("outputs"), Map.class));
        if (previous.isEmpty() || next.isEmpty()) {
            return new TransitionGuard.Verdict(List.of(), List.of());
        }
        JsonNode config = after.path("config");
        String stack = after.path("stack").asText();
        String project = projectOf(after).orElse("kubetrader");
        Cidr vpc = Cidr.parse(config.path("kubetrader:vpcCidr").asText("10.0.0.0/16"));
        List<Cidr> reserved = new ArrayList<>();
        for (String key : List.of("kubetrader:reservedPublicSubnetCidr", "kubetrader:reservedPrivateSubnetCidr")) {
            if (!config.path(key).asText().isEmpty()) {
                reserved.add(Cidr.parse(config.path(key).asText()));
            }
        }
        boolean confirm = "true".equalsIgnoreCase(config.path("kubetrader:confirmEgressAddressChange").asText());
        // the new plan's allocation of a created address is only a simulated one: as the program sees it, unknown
        TransitionState nextAsPlanned = new TransitionState(next.get().natMode(), next.get().activeAzId(),
                next.get().primaryAzId(), next.get().standbyAzId(), next.get().reservedAzId(), next.get().eip().adopted() ? next.get().eip()
                : new TransitionState.Eip(TransitionState.Eip.CREATED, java.util.Optional.empty()),
                next.get().standbyEip(), next.get().subnets(), next.get().benchmarkScheduled(), next.get().protect());
        return TransitionGuard.bundled().check(previous, nextAsPlanned,
                new TransitionGuard.Context(project, stack, vpc, reserved, confirm));
    }

    private static java.util.Optional<String> projectOf(JsonNode plan) {
        for (JsonNode r : plan.path("resources")) {
            String[] parts = r.path("urn").asText().split("::");
            if (parts.length > 1) {
                return java.util.Optional.of(parts[1]);
            }
        }
        return java.util.Optional.empty();
    }

    /** Whether any step would be refused: by the engine's protection, by AWS, or by the program at preview. */
    public boolean refused() {
        return order.stopped() || !simulation.refused().isEmpty() || verdict.refused();
    }

    public int exitCode() {
        return refused() ? REFUSED : diff.warnings().isEmpty() ? 0 : PROTECTED_AT_RISK;
    }

    /**
     * The sequence of runs that gets there: one pulumi up when nothing is refused, else the program's way through;
     * for the engine's protection, unprotect first.
     */
    public List<Run> runs(String stack) {
        List<Run> runs = new ArrayList<>();
        for (var r : verdict.refusals()) {
            if (!r.runs().isEmpty()) {
                return r.runs();
            }
        }
        if (order.stopped()) {
            for (PlanDiff.Step s : diff.steps()) {
                boolean stops = s.wasProtected() && (s.action() == PlanDiff.Action.DELETE
                        || s.action() == PlanDiff.Action.REPLACE && s.protect());
                if (stops) {
                    runs.add(new Run("unprotect " + s.name() + ", knowingly: " + (s.action() == PlanDiff.Action.DELETE
                            ? "it will be deleted" : "it will be replaced"), List.of("pulumi state unprotect '"
                            + s.urn() + "' -s " + stack)));
                }
            }
            runs.add(new Run("then the change", List.of("pulumi up -s " + stack)));
            return runs;
        }
        if (!refused()) {
            runs.add(new Run("one run", List.of("pulumi up -s " + stack)));
        }
        return runs;
    }
}
