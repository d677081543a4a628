package com.kubetrader.plan.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@code pulumi up} would do to go from one saved plan ({@code plan --json}) to another, decided offline:
 * per resource create, update (with the changed inputs), replace (an input that forces a new resource changed) or
 * delete. A replacement travels: a resource whose inputs hold the ID of a replaced resource gets a new ID for it,
 * so its own forcing input changes too (a new subnet replaces the NAT gateway in it).
 *
 * <p>Pure: two plan documents and the replacement table in, the diff out.
 */
public final class PlanDiff {

    /** What happens to one resource. */
    public enum Action { CREATE, UPDATE, REPLACE, DELETE }

    /** One changed input: its old and new values (JSON), and whether it forces a replacement. */
    public record Change(String input, JsonNode before, JsonNode after, boolean forcesReplacement, String because) {
    }

    /** One resource's step. protect/retainOnDelete as the saved plan had them (for a delete) or the new one. */
    public record Step(Action action, String urn, String type, String name, boolean protect, boolean retainOnDelete,
                       List<Change> changes) {
    }

    /** A protected or retained resource that would be replaced or deleted, and why it matters. */
    public record Warning(Step step, String message) {
    }

    /** The whole diff; {@code explanations} put what a pattern of steps means into words. */
    public record Result(List<Step> steps, int unchanged, List<Warning> warnings, List<String> explanations,
                         boolean followedReplacements) {

        public boolean empty() {
            return steps.isEmpty();
        }

        public long count(Action a) {
            return steps.stream().filter(s -> s.action() == a).count();
        }
    }

    private final ReplacementTable table;

    public PlanDiff(ReplacementTable table) {
        this.table = table;
    }

    /** The table shipped with the program (src/main/resources/replacements/). */
    public static PlanDiff bundled() {
        return new PlanDiff(ReplacementTable.bundled());
    }

    public Result diff(JsonNode before, JsonNode after) {
        Map<String, JsonNode> old = byUrn(before);
        Map<String, JsonNode> now = byUrn(after);
        boolean ids = old.values().stream().anyMatch(r -> r.hasNonNull("id"));
        Map<String, String> oldIdToUrn = new TreeMap<>();
        old.forEach((urn, r) -> {
            if (r.hasNonNull("id")) {
                oldIdToUrn.put(r.get("id").asText(), urn);
            }
        });

        Map<String, List<Change>> changes = new TreeMap<>();
        Set<String> replaced = new TreeSet<>();
        for (var e : now.entrySet()) {
            JsonNode was = old.get(e.getKey());
            if (was != null) {
                List<Change> c = inputChanges(e.getValue(), was.path("inputs"), e.getValue().path("inputs"));
                changes.put(e.getKey(), c);
                if (c.stream().anyMatch(Change::forcesReplacement)) {
                    replaced.add(e.getKey());
                }
            }
        }
        // follow replacements: a replaced resource gets a new ID, so an input that held the old one changes
        boolean grew = ids;
        while (grew) {
            grew = false;
            for (var e : changes.entrySet()) {
                if (replaced.contains(e.getKey())) {
                    continue;
                }
                JsonNode r = now.get(e.getKey());
                for (Iterator<Map.Entry<String, JsonNode>> it = r.path("inputs").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> input = it.next();
                    String source = referencedReplaced(input.getValue(), oldIdToUrn, replaced);
                    if (source == null || e.getValue().stream().anyMatch(c -> c.input().equals(input.getKey()))) {
                        continue;
                    }
                    boolean forces = forces(r.path("type").asText(), input.getKey());
                    e.getValue().add(new Change(input.getKey(), input.getValue(), null, forces,
                            "refers to " + name(source) + ", which is replaced and gets a new ID"));
                    if (forces) {
                        replaced.add(e.getKey());
                        grew = true;
                    }
                }
            }
        }

        List<Step> steps = new ArrayList<>();
        int unchanged = 0;
        for (var e : now.entrySet()) {
            JsonNode r = e.getValue();
            JsonNode was = old.get(e.getKey());
            if (was == null) {
                steps.add(step(Action.CREATE, r, List.of()));
            } else if (replaced.contains(e.getKey())) {
                steps.add(step(Action.REPLACE, was, changes.get(e.getKey())));
            } else if (!changes.get(e.getKey()).isEmpty()) {
                steps.add(step(Action.UPDATE, was, changes.get(e.getKey())));
            } else {
                unchanged++;
            }
        }
        for (var e : old.entrySet()) {
            if (!now.containsKey(e.getKey())) {
                steps.add(step(Action.DELETE, e.getValue(), List.of()));
            }
        }
        List<Warning> warnings = new ArrayList<>();
        for (Step s : steps) {
            if ((s.action() == Action.REPLACE || s.action() == Action.DELETE) && (s.protect() || s.retainOnDelete())) {
                warnings.add(new Warning(s, warning(s)));
            }
        }
        return new Result(List.copyOf(steps), unchanged, List.copyOf(warnings), explain(steps), ids);
    }

    private static String warning(Step s) {
        String what = s.type() + " " + s.name();
        if (s.protect()) {
            return what + " is protected: `pulumi up` would stop with an error when it comes to "
                    + (s.action() == Action.REPLACE ? "replace" : "delete") + " it"
                    + (s.action() == Action.REPLACE ? ", after creating the replacement, leaving the stack half-changed"
                    : "") + ". Do it deliberately: `pulumi state unprotect` it first, or change the plan.";
        }
        return what + " is retained on delete: " + (s.action() == Action.REPLACE
                ? "the replaced one is left in the account, unmanaged, and still billed"
                : "it stays in the account, unmanaged, and still billed") + ".";
    }

    /** Patterns a reader should not have to infer from the list. */
    static List<String> explain(List<Step> steps) {
        List<String> out = new ArrayList<>();
        List<Step> movedSubnets = steps.stream().filter(s -> s.action() == Action.REPLACE
                && s.type().equals("aws:ec2/subnet:Subnet")
                && s.changes().stream().anyMatch(c -> c.input().equals("availabilityZoneId"))).toList();
        if (!movedSubnets.isEmpty()) {
            Change move = movedSubnets.get(0).changes().stream().filter(c -> c.input().equals("availabilityZoneId"))
                    .findFirst().orElseThrow();
            List<String> inThem = steps.stream().filter(s -> s.action() == Action.REPLACE
                    && !s.type().equals("aws:ec2/subnet:Subnet")).map(s -> s.name()).toList();
            out.add("The subnets " + String.join(", ", movedSubnets.stream().map(Step::name).toList()) + " move from "
                    + text(move.before()) + " to " + text(move.after()) + " (kubetrader:primaryAzId or another AZ ID "
                    + "changed). A subnet cannot move: each is replaced, and so is everything in it or tied to it"
                    + (inThem.isEmpty() ? "" : " (" + String.join(", ", inThem) + ")")
                    + ". Before `pulumi up`: drain what runs there (EKS node groups, the trading engine), fail Aurora "
                    + "over or snapshot it, and expect a short egress outage while the NAT is recreated. The "
                    + "whitelisted EIP itself is protected and retained: it is reattached, its address unchanged.");
        }
        return out;
    }

    private List<Change> inputChanges(JsonNode resource, JsonNode before, JsonNode after) {
        String type = resource.path("type").asText();
        Set<String> keys = new LinkedHashSet<>();
        before.fieldNames().forEachRemaining(keys::add);
        after.fieldNames().forEachRemaining(keys::add);
        List<Change> out = new ArrayList<>();
        for (String key : new TreeSet<>(keys)) {
            JsonNode a = before.get(key);
            JsonNode b = after.get(key);
            if (a == null ? b != null : !a.equals(b)) {
                var forcing = ReplacementTable.changedPaths(key, a, b).stream()
                        .map(path -> table.forcing(type, path).map(e -> path + " forces replacement [" + e.source() + "]"))
                        .flatMap(java.util.Optional::stream).findFirst()
                        .or(() -> conditionalReplacement(type, key, before, after));
                out.add(new Change(key, a, b, forcing.isPresent(), forcing.orElse(null)));
            }
        }
        return out;
    }

    /** A replacement the provider forces only in some cases, when this change is one of them. */
    private java.util.Optional<String> conditionalReplacement(String type, String key, JsonNode before, JsonNode after) {
        for (ReplacementTable.Conditional c : table.conditionals(type)) {
            if (!c.inputs().contains(key)) {
                continue;
            }
            if (c.simulated().equals("sourceKindChange")) {
                List<String> was = c.inputs().stream().filter(before::has).toList();
                List<String> now = c.inputs().stream().filter(after::has).toList();
                if (!was.equals(now)) {
                    return java.util.Optional.of("the kind of source changes (" + String.join(", ", was) + " to "
                            + String.join(", ", now) + "), which forces replacement [" + c.source() + "]");
                }
            } else if (c.simulated().equals("whenFlag") && c.flag().map(f -> after.path(f).asBoolean(false)).orElse(false)) {
                return java.util.Optional.of("forces replacement while " + c.flag().get() + " is true [" + c.source() + "]");
            }
        }
        return java.util.Optional.empty();
    }

    private boolean forces(String type, String input) {
        return table.forcing(type, input).isPresent();
    }

    /** The URN of a replaced resource whose old ID appears in {@code value}, or null. */
    private static String referencedReplaced(JsonNode value, Map<String, String> idToUrn, Set<String> replaced) {
        if (value.isTextual()) {
            String urn = idToUrn.get(value.asText());
            return urn != null && replaced.contains(urn) ? urn : null;
        }
        for (JsonNode child : value) {
            String found = referencedReplaced(child, idToUrn, replaced);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static Step step(Action action, JsonNode r, List<Change> changes) {
        return new Step(action, r.path("urn").asText(), r.path("type").asText(), r.path("name").asText(),
                r.path("protect").asBoolean(), r.path("retainOnDelete").asBoolean(), List.copyOf(changes));
    }

    private static Map<String, JsonNode> byUrn(JsonNode plan) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode r : plan.path("resources")) {
            out.put(r.path("urn").asText(), r);
        }
        return out;
    }

    private static String name(String urn) {
        return urn.substring(urn.lastIndexOf("::") + 2);
    }

    static String text(JsonNode value) {
        return value == null ? "(absent)" : value.isTextual() ? value.asText() : value.toString();
    }

}
