package com.kubetrader.plan.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.kubetrader.plan.transition.TransitionRules;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The steps of a diff in the order {@code pulumi up} runs them, as pulumi/pulumi's step generator and executor do
 * (transitions/rules.json cites the lines): creates, updates and replacements as the program registers them, each
 * after what it depends on; a create-before-delete replacement creates the new resource there and deletes the old one
 * at the end; a delete-before-replace one deletes first (dependents that would be replaced with it, deepest first),
 * then creates; everything the program no longer declares is deleted last, dependents first. A protected resource
 * that would be replaced or deleted stops the preview before any of it runs.
 */
public final class EngineOrder {

    /** What the engine does in one step. */
    public enum Op {
        CREATE("create"), UPDATE("update"), CREATE_REPLACEMENT("create-replacement"),
        DELETE_REPLACED("delete-replaced"), DELETE("delete"), READ("read"), READ_REPLACEMENT("read-replacement"),
        DISCARD("discard"), DISCARD_REPLACED("discard-replaced");

        private final String word;

        Op(String word) {
            this.word = word;
        }

        /** The engine's own name for the step. */
        public String word() {
            return word;
        }

        public boolean deletes() {
            return this == DELETE || this == DELETE_REPLACED;
        }
    }

    /** One step: what, to which resource, in which phase (1: as registered, 2: the deletes at the end). */
    public record EngineStep(int order, Op op, String urn, String type, String name, int phase, String why) {
    }

    /** The ordered steps, or the protection that stops the preview first. */
    public record Ordered(List<EngineStep> steps, List<String> stoppedByProtection) {
        public Ordered {
            steps = List.copyOf(steps);
            stoppedByProtection = List.copyOf(stoppedByProtection);
        }

        public boolean stopped() {
            return !stoppedByProtection.isEmpty();
        }
    }

    private EngineOrder() {
    }

    public static Ordered of(PlanDiff.Result diff, JsonNode before, JsonNode after, TransitionRules rules) {
        Map<String, JsonNode> old = PlanDiff.byUrn(before);
        Map<String, JsonNode> now = PlanDiff.byUrn(after);
        Map<String, PlanDiff.Step> byUrn = new LinkedHashMap<>();
        diff.steps().forEach(s -> byUrn.put(s.urn(), s));

        List<String> stopped = new ArrayList<>();
        for (PlanDiff.Step s : diff.steps()) {
            if (s.action() == PlanDiff.Action.REPLACE && s.wasProtected() && s.protect()) {
                stopped.add(s.type() + " " + s.name() + " would be replaced but is protected: the engine stops the "
                        + "preview (" + rules.rule("engine.protected").sources().get(0) + ")");
            } else if (s.action() == PlanDiff.Action.DELETE && s.wasProtected()) {
                stopped.add(s.type() + " " + s.name() + " would be deleted but is protected: the engine stops the "
                        + "preview (" + rules.rule("engine.protected").sources().get(0) + ")");
            }
        }

        List<EngineStep> steps = new ArrayList<>();
        Set<String> deletedEarly = new LinkedHashSet<>();
        // phase 1: the program registers resources after what they depend on
        for (String urn : topological(now)) {
            PlanDiff.Step s = byUrn.get(urn);
            if (s == null) {
                continue;
            }
            switch (s.action()) {
                case CREATE -> add(steps, Op.CREATE, s, 1, "");
                case UPDATE -> add(steps, Op.UPDATE, s, 1, s.instanceRefresh() ? "instance refresh" : "");
                case READ -> add(steps, Op.READ, s, 1, "");
                case RELINQUISH -> add(steps, Op.READ, s, 1, "no longer managed");
                case READ_REPLACEMENT -> add(steps, Op.READ_REPLACEMENT, s, 1, "");
                case CREATE_REPLACEMENT -> add(steps, Op.CREATE_REPLACEMENT, s, 1, "a new object");
                case REPLACE -> {
                    if (s.deleteBeforeReplace()) {
                        for (String dependent : replacedDependents(urn, old, byUrn)) {
                            if (deletedEarly.add(dependent)) {
                                add(steps, Op.DELETE_REPLACED, byUrn.get(dependent), 1, "deleted before "
                                        + PlanDiff.name(urn) + " is replaced");
                            }
                        }
                        if (deletedEarly.add(urn)) {
                            add(steps, Op.DELETE_REPLACED, s, 1, "delete before replace");
                        }
                        add(steps, Op.CREATE_REPLACEMENT, s, 1, "");
                    } else if (deletedEarly.contains(urn)) {
                        add(steps, Op.CREATE_REPLACEMENT, s, 1, "");
                    } else {
                        add(steps, Op.CREATE_REPLACEMENT, s, 1, "the old one is deleted at the end");
                    }
                }
                default -> { }
            }
        }
        // phase 2: the deletes, dependents before what they depend on (the old plan's graph)
        List<String> reverse = new ArrayList<>(topological(old));
        java.util.Collections.reverse(reverse);
        for (String urn : reverse) {
            PlanDiff.Step s = byUrn.get(urn);
            if (s == null || deletedEarly.contains(urn)) {
                continue;
            }
            switch (s.action()) {
                case DELETE -> add(steps, Op.DELETE, s, 2, s.retainOnDelete() ? "retained: left in the account" : "");
                case DISCARD -> add(steps, Op.DISCARD, s, 2, "nothing in the cloud");
                case REPLACE -> add(steps, Op.DELETE_REPLACED, s, 2, s.retainOnDelete()
                        ? "retained: the old one is left in the account" : "");
                case READ_REPLACEMENT -> add(steps, Op.DELETE_REPLACED, s, 2, s.retainOnDelete()
                        ? "retained: left in the account, still billed" : "");
                case CREATE_REPLACEMENT -> add(steps, Op.DISCARD_REPLACED, s, 2, "the read entry; nothing in the cloud");
                default -> { }
            }
        }
        List<EngineStep> numbered = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            EngineStep e = steps.get(i);
            numbered.add(new EngineStep(i + 1, e.op(), e.urn(), e.type(), e.name(), e.phase(), e.why()));
        }
        return new Ordered(numbered, stopped);
    }

    private static void add(List<EngineStep> steps, Op op, PlanDiff.Step s, int phase, String why) {
        steps.add(new EngineStep(0, op, s.urn(), s.type(), s.name(), phase, why));
    }

    /**
     * Dependents (in the old plan) of a resource replaced delete-before-replace that are themselves replaced: the
     * engine deletes them first, deepest first.
     */
    static List<String> replacedDependents(String urn, Map<String, JsonNode> old, Map<String, PlanDiff.Step> steps) {
        List<String> out = new ArrayList<>();
        Deque<String> queue = new ArrayDeque<>(List.of(urn));
        Set<String> seen = new TreeSet<>();
        while (!queue.isEmpty()) {
            String current = queue.poll();
            for (var e : old.entrySet()) {
                if (dependencies(e.getValue()).contains(current) && seen.add(e.getKey())) {
                    PlanDiff.Step s = steps.get(e.getKey());
                    if (s != null && s.action() == PlanDiff.Action.REPLACE) {
                        out.add(0, e.getKey());
                        queue.add(e.getKey());
                    }
                }
            }
        }
        return out;
    }

    /** What a resource waits for before it registers: its parent and its dependencies. */
    static Set<String> dependencies(JsonNode r) {
        Set<String> deps = new LinkedHashSet<>();
        if (r.hasNonNull("parent")) {
            deps.add(r.get("parent").asText());
        }
        r.path("dependencies").forEach(d -> deps.add(d.asText()));
        return deps;
    }

    /** Every resource after what it depends on; ties in the plan's own order, so the result is stable. */
    static List<String> topological(Map<String, JsonNode> plan) {
        Map<String, Set<String>> deps = new LinkedHashMap<>();
        plan.forEach((urn, r) -> {
            Set<String> d = new LinkedHashSet<>(dependencies(r));
            d.retainAll(plan.keySet());
            deps.put(urn, d);
        });
        List<String> out = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        while (out.size() < plan.size()) {
            boolean progress = false;
            for (var e : deps.entrySet()) {
                if (!done.contains(e.getKey()) && done.containsAll(e.getValue())) {
                    done.add(e.getKey());
                    out.add(e.getKey());
                    progress = true;
                }
            }
            if (!progress) { // a cycle cannot come from a program, but never loop on a hand-edited plan
                deps.keySet().stream().filter(u -> !done.contains(u)).forEach(u -> {
                    done.add(u);
                    out.add(u);
                });
            }
        }
        return out;
    }

    static Optional<JsonNode> resource(Map<String, JsonNode> plan, String urn) {
        return Optional.ofNullable(plan.get(urn));
    }
}
