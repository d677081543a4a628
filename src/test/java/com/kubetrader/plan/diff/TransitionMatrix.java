package com.kubetrader.plan.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.kubetrader.offline.OfflineRun;
import com.kubetrader.offline.PlanJson;
import com.kubetrader.offline.SharedRuns;
import com.kubetrader.offline.SimulatedAccount;
import com.kubetrader.plan.transition.Run;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The states a stack can be in, as config, and every change between two of them a user makes with one config
 * change: planned by the real program (offline), diffed, ordered like the engine and simulated under AWS's rules.
 *
 * <p>A state is a list of dimensions, each a config setting with its values. The states are the product of the
 * dimensions, less those a {@link #where} filter drops; a pair is two states that differ in exactly one dimension.
 */
final class TransitionMatrix {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADOPTED = "eipalloc-0123456789abcdef0";

    /** One dimension: a name for the table, and per value the config it sets (key, value, key, value...). */
    record Dimension(String name, Map<String, List<String>> values) {
    }

    /** A state: a value per dimension, in dimension order. */
    record State(List<String> values) {
        String label() {
            return String.join(", ", values);
        }
    }

    /** What one change does. */
    record Outcome(String stack, Dimension dimension, State from, State to, Transition transition) {

        boolean refused() {
            return transition.refused();
        }

        Integer noEgress() {
            return transition.simulation().egress().noEgressSeconds();
        }

        Integer unlisted() {
            return transition.simulation().egress().unlistedAddressSeconds();
        }

        /** Every rule that refuses: the engine's protection, AWS's (from the simulation), the program's guard. */
        Set<String> refusingRules() {
            Set<String> rules = new TreeSet<>();
            if (transition.order().stopped()) {
                rules.add("engine.protected");
            }
            transition.simulation().refused().forEach(r -> rules.add(r.rule().id()));
            transition.verdict().refusals().forEach(r -> rules.add(r.rule().id()));
            return rules;
        }

        List<Run> runs() {
            return transition.runs(stack);
        }

        /** The other dimensions' values: the context the change is made in. */
        String context() {
            List<String> out = new ArrayList<>();
            int i = matrixIndex();
            for (int d = 0; d < from.values().size(); d++) {
                if (d != i) {
                    out.add(from.values().get(d));
                }
            }
            return String.join(", ", out);
        }

        int matrixIndex() {
            for (int d = 0; d < from.values().size(); d++) {
                if (!from.values().get(d).equals(to.values().get(d))) {
                    return d;
                }
            }
            throw new IllegalStateException("not a change");
        }

        String gap(Integer seconds) {
            return seconds == null ? "n/a" : seconds.toString();
        }

        /** The table row's signature: what a reader compares across contexts. */
        String signature() {
            return (refused() ? "refused" : "completes") + "|" + gap(noEgress()) + "|" + gap(unlisted()) + "|"
                    + String.join(" ", refusingRules()) + "|" + (refused() ? runs().size() : 1);
        }
    }

    final String stack;
    final List<Dimension> dimensions;
    final Map<String, String> base;
    final Predicate<State> where;
    private final Map<State, JsonNode> plans = new LinkedHashMap<>();

    TransitionMatrix(String stack, Map<String, String> base, List<Dimension> dimensions, Predicate<State> where) {
        this.stack = stack;
        this.base = base;
        this.dimensions = dimensions;
        this.where = where;
    }

    List<State> states() {
        List<State> out = new ArrayList<>(List.of(new State(List.of())));
        for (Dimension d : dimensions) {
            List<State> next = new ArrayList<>();
            for (State s : out) {
                for (String v : d.values().keySet()) {
                    List<String> values = new ArrayList<>(s.values());
                    values.add(v);
                    next.add(new State(values));
                }
            }
            out = next;
        }
        return out.stream().filter(where).toList();
    }

    /** The config a state sets, over the stack's own. */
    Map<String, String> config(State s) {
        Map<String, String> config = new LinkedHashMap<>(base);
        for (int i = 0; i < dimensions.size(); i++) {
            List<String> kv = dimensions.get(i).values().get(s.values().get(i));
            for (int k = 0; k < kv.size(); k += 2) {
                config.put(kv.get(k), kv.get(k + 1));
            }
        }
        return config;
    }

    JsonNode plan(State s) {
        return plans.computeIfAbsent(s, k -> plan(stack, config(k)));
    }

    /** The real program's plan, offline, as `plan --json` saves it. */
    static JsonNode plan(String stack, Map<String, String> config) {
        String[] kv = config.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                .toArray(String[]::new);
        OfflineRun.Result result = SharedRuns.of(stack, kv);
        if (!result.errors().isEmpty()) {
            throw new IllegalStateException(stack + " " + config + " does not plan: " + result.errors());
        }
        try {
            return JSON.readTree(PlanJson.render(result, SimulatedAccount.SEED_AZ_NAMES));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every pair of states one config change apart, both ways, simulated. */
    List<Outcome> outcomes() {
        List<State> states = states();
        List<Outcome> out = new ArrayList<>();
        for (State a : states) {
            for (State b : states) {
                int differing = 0;
                int at = -1;
                for (int d = 0; d < dimensions.size(); d++) {
                    if (!a.values().get(d).equals(b.values().get(d))) {
                        differing++;
                        at = d;
                    }
                }
                if (differing == 1) {
                    out.add(new Outcome(stack, dimensions.get(at), a, b, Transition.of(plan(a), plan(b))));
                }
            }
        }
        return out;
    }

    /**
     * The outcomes as a Markdown table: one row per change and outcome, the contexts it holds in collapsed to
     * "any" when it holds in every one.
     */
    static String table(List<Outcome> outcomes) {
        Map<String, List<Outcome>> groups = new LinkedHashMap<>();
        Map<String, List<Outcome>> byChange = new LinkedHashMap<>();
        List<Outcome> sorted = new ArrayList<>(outcomes);
        sorted.sort(java.util.Comparator.comparingInt(Outcome::matrixIndex)
                .thenComparingInt(o -> position(o, o.from())).thenComparingInt(o -> position(o, o.to()))
                .thenComparing(Outcome::refused));
        for (Outcome o : sorted) {
            byChange.computeIfAbsent(change(o), k -> new ArrayList<>()).add(o);
            groups.computeIfAbsent(change(o) + "|" + o.signature(), k -> new ArrayList<>()).add(o);
        }
        StringBuilder out = new StringBuilder("| change | when | outcome | no egress (s) | unlisted address (s) "
                + "| refused by | runs |\n|---|---|---|---|---|---|---|\n");
        for (var g : groups.entrySet()) {
            Outcome first = g.getValue().get(0);
            out.append("| ").append(change(first).replaceFirst("\\|", ": ").replace("|", " → ")).append(" | ")
                    .append(when(g.getValue(), byChange.get(change(first)))).append(" | ")
                    .append(first.refused() ? "refused at preview" : "completes in one `pulumi up`").append(" | ")
                    .append(first.gap(first.noEgress())).append(" | ").append(first.gap(first.unlisted())).append(" | ")
                    .append(first.refusingRules().stream().map(r -> "`" + r + "`").collect(Collectors.joining(", ")))
                    .append(" | ").append(first.refused() ? first.runs().size() + " runs" : "1").append(" |\n");
        }
        return out.toString();
    }

    private static String change(Outcome o) {
        int i = o.matrixIndex();
        return o.dimension().name() + "|" + o.from().values().get(i) + "|" + o.to().values().get(i);
    }

    private static int position(Outcome o, State s) {
        return new ArrayList<>(o.dimension().values().keySet()).indexOf(s.values().get(o.matrixIndex()));
    }

    /**
     * The contexts a row holds in, as briefly as they are exactly described: "any" when it holds in all of them,
     * else the fewest settings that select exactly these contexts, else the contexts one by one.
     */
    private static String when(List<Outcome> group, List<Outcome> all) {
        if (group.size() == all.size()) {
            return "any";
        }
        int changed = group.get(0).matrixIndex();
        int n = group.get(0).from().values().size();
        List<Integer> constant = new ArrayList<>();
        for (int d = 0; d < n; d++) {
            final int dim = d;
            if (d != changed && group.stream().map(o -> o.from().values().get(dim)).distinct().count() == 1) {
                constant.add(d);
            }
        }
        Set<State> want = group.stream().map(Outcome::from).collect(Collectors.toSet());
        for (int size = 1; size <= constant.size(); size++) {
            for (List<Integer> subset : subsets(constant, size)) {
                Set<State> selected = all.stream().map(Outcome::from).filter(s -> subset.stream()
                        .allMatch(d -> s.values().get(d).equals(group.get(0).from().values().get(d))))
                        .collect(Collectors.toSet());
                if (selected.equals(want)) {
                    return subset.stream().map(d -> group.get(0).from().values().get(d))
                            .collect(Collectors.joining(", "));
                }
            }
        }
        return group.stream().map(Outcome::context).collect(Collectors.joining("; "));
    }

    private static List<List<Integer>> subsets(List<Integer> of, int size) {
        if (size == 0) {
            return List.of(List.of());
        }
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < of.size(); i++) {
            for (List<Integer> rest : subsets(of.subList(i + 1, of.size()), size - 1)) {
                List<Integer> s = new ArrayList<>();
                s.add(of.get(i));
                s.addAll(rest);
                out.add(s);
            }
        }
        return out;
    }

    // ---- the way through, run by run ---------------------------------------------------------------------------

    /** One `pulumi up` of a way through: the config it ran with and what it did. */
    record Step(Map<String, String> config, Transition transition) {
    }

    /**
     * Follows a way through from a state's plan: applies each run's config commands, and at each `pulumi up` plans
     * the program and simulates the change from the last plan. `pulumi state unprotect` clears the protect flag of
     * that resource in the last plan, as the state would hold it. Other commands (the AWS CLI, reading outputs, a
     * document to follow) are for people and change nothing the simulation sees.
     */
    static List<Step> follow(String stack, Map<String, String> config, JsonNode plan, List<Run> runs) {
        Map<String, String> now = new LinkedHashMap<>(config);
        JsonNode last = plan.deepCopy();
        List<Step> steps = new ArrayList<>();
        for (Run run : runs) {
            for (String command : run.commands()) {
                String[] w = command.split(" ");
                if (command.startsWith("pulumi config set ")) {
                    now.put(w[3], w[4]);
                } else if (command.startsWith("pulumi config rm ")) {
                    now.remove(w[3]);
                } else if (command.startsWith("pulumi state unprotect ")) {
                    String urn = command.substring(command.indexOf('\'') + 1, command.lastIndexOf('\''));
                    for (JsonNode r : last.path("resources")) {
                        if (r.path("urn").asText().equals(urn)) {
                            ((ObjectNode) r).put("protect", false);
                        }
                    }
                } else if (command.startsWith("pulumi up ")) {
                    JsonNode next = plan(stack, now);
                    steps.add(new Step(Map.copyOf(now), Transition.of(last, next)));
                    last = next;
                }
            }
        }
        return steps;
    }

    static String describe(Transition t) {
        return "exit " + t.exitCode() + ", refusals " + DiffReport.refusals(t).stream()
                .map(s -> s.length() > 160 ? s.substring(0, 160) + "…" : s).toList();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    static Map<String, List<String>> values(Object... valueThenConfig) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int i = 0; i < valueThenConfig.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> kv = (List<String>) valueThenConfig[i + 1];
            out.put((String) valueThenConfig[i], List.copyOf(Objects.requireNonNull(kv)));
        }
        return out;
    }
}
