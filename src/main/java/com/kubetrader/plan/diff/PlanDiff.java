package com.kubetrader.plan.diff;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@code pulumi up} would do to each resource to go from one saved plan ({@code plan --json}) to another,
 * decided offline: create, update (with the changed inputs), replace (an input that forces a new resource changed),
 * delete, and the transitions of a resource read with {@code get} (an adopted EIP) to a managed one and back.
 *
 * <p>A replacement travels: a resource whose inputs hold the old ID of a replaced resource gets a new one, so its own
 * input changes too (a new subnet replaces the NAT gateway in it). IDs are followed wherever they appear: a whole
 * value, inside a JSON policy, inside base64 user data. A launch template that changes gets a new version, which the
 * Auto Scaling group using it takes as an instance refresh.
 *
 * <p>Pure: two plan documents and the replacement table in, the diff out.
 */
public final class PlanDiff {

    /** What happens to one resource. */
    public enum Action {
        CREATE, UPDATE, REPLACE, DELETE,
        /** A resource read with get (an adopted EIP), as it is or of another ID. */
        READ,
        /** Read before, created now: a create-replacement, a new cloud object. */
        CREATE_REPLACEMENT,
        /** Created before, a read of another ID now: the old one is deleted at the end (or left, retained). */
        READ_REPLACEMENT,
        /** Created before, a read of the same ID now: the stack stops managing it, nothing else happens. */
        RELINQUISH,
        /** A read resource the program no longer declares: dropped from the state, nothing in the cloud. */
        DISCARD
    }

    /** One changed input: its old and new values (JSON), and whether it forces a replacement. */
    public record Change(String input, JsonNode before, JsonNode after, boolean forcesReplacement, String because) {
    }

    /**
     * One resource's step. protect/retainOnDelete as the saved plan had them (for a delete) or the new one;
     * {@code wasProtected} is the saved plan's, which the engine's protection check reads.
     */
    public record Step(Action action, String urn, String type, String name, boolean protect, boolean retainOnDelete,
                       List<Change> changes, boolean wasProtected, boolean deleteBeforeReplace,
                       boolean instanceRefresh) {
        public Step {
            changes = List.copyOf(changes);
        }

        public Step(Action action, String urn, String type, String name, boolean protect, boolean retainOnDelete,
                    List<Change> changes) {
            this(action, urn, type, name, protect, retainOnDelete, changes, protect, false, false);
        }
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

        public Optional<Step> step(String urn) {
            return steps.stream().filter(s -> s.urn().equals(urn)).findFirst();
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
        boolean ids = old.values().stream().anyMatch(r -> r.hasNonNull("id") || r.hasNonNull("readId"));
        Map<String, String> oldIdToUrn = new TreeMap<>();
        old.forEach((urn, r) -> idOf(r).ifPresent(id -> oldIdToUrn.put(id, urn)));

        Map<String, List<Change>> changes = new TreeMap<>();
        Set<String> replaced = new TreeSet<>(); // resources that get a new cloud object, so a new ID
        Map<String, Action> transitions = new TreeMap<>();
        for (var e : now.entrySet()) {
            JsonNode was = old.get(e.getKey());
            if (was == null) {
                continue;
            }
            JsonNode is = e.getValue();
            boolean wasRead = was.hasNonNull("readId");
            boolean isRead = is.hasNonNull("readId");
            if (wasRead || isRead) {
                Action a = wasRead && isRead ? Action.READ : wasRead ? Action.CREATE_REPLACEMENT
                        : idOf(was).equals(idOf(is)) ? Action.RELINQUISH : Action.READ_REPLACEMENT;
                boolean sameObject = a == Action.RELINQUISH
                        || a == Action.READ && idOf(was).equals(idOf(is));
                transitions.put(e.getKey(), a);
                List<Change> c = new ArrayList<>();
                if (!sameObject) {
                    replaced.add(e.getKey());
                    c.add(new Change("id", text(idOf(was)), a == Action.CREATE_REPLACEMENT ? null : text(idOf(is)),
                            true, switch (a) {
                                case CREATE_REPLACEMENT -> "read until now, created now: a new object with a new ID";
                                case READ_REPLACEMENT -> "created until now, a read of another object now";
                                default -> "a read of another object";
                            }));
                } else if (a == Action.RELINQUISH) {
                    c.add(new Change("id", text(idOf(was)), text(idOf(is)), false,
                            "the same object, read from now on: the stack stops managing it"));
                }
                changes.put(e.getKey(), c);
                continue;
            }
            List<Change> c = inputChanges(is, was.path("inputs"), is.path("inputs"));
            changes.put(e.getKey(), c);
            if (c.stream().anyMatch(Change::forcesReplacement)) {
                replaced.add(e.getKey());
            }
        }

        // Follow new IDs into what refers to them, in whole values, JSON documents and base64 user data.
        Set<String> versioned = new TreeSet<>(); // launch templates that get a new version
        boolean grew = ids;
        while (grew) {
            grew = false;
            for (var e : changes.entrySet()) {
                if (replaced.contains(e.getKey()) || transitions.containsKey(e.getKey())) {
                    continue;
                }
                JsonNode r = now.get(e.getKey());
                String type = r.path("type").asText();
                for (var it = r.path("inputs").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> input = it.next();
                    String source = referencedReplaced(input.getValue(), oldIdToUrn, replaced);
                    if (source == null || e.getValue().stream().anyMatch(c -> c.input().equals(input.getKey()))) {
                        continue;
                    }
                    var forcing = table.forcing(type, input.getKey());
                    e.getValue().add(new Change(input.getKey(), input.getValue(), null, forcing.isPresent(),
                            "refers to " + name(source) + ", which gets a new ID"
                                    + forcing.map(f -> "; forces replacement [" + f.source() + "]").orElse("")));
                    grew = true;
                    if (forcing.isPresent()) {
                        replaced.add(e.getKey());
                    }
                }
            }
            // a changed launch template is a new version for the group that launches it
            for (var e : changes.entrySet()) {
                JsonNode r = now.get(e.getKey());
                if (!r.path("type").asText().equals(LAUNCH_TEMPLATE) || e.getValue().isEmpty()
                        || replaced.contains(e.getKey()) || !versioned.add(e.getKey())) {
                    continue;
                }
                String templateId = r.path("id").asText();
                for (var g : changes.entrySet()) {
                    JsonNode group = now.get(g.getKey());
                    if (group.path("type").asText().equals(GROUP)
                            && templateId.equals(group.path("inputs").path("launchTemplate").path("id").asText())
                            && g.getValue().stream().noneMatch(c -> c.input().equals("launchTemplate"))) {
                        g.getValue().add(new Change("launchTemplate", group.path("inputs").path("launchTemplate"), null,
                                false, name(e.getKey()) + " gets a new version: the group's instance refresh replaces "
                                + "its instance"));
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
                steps.add(step(r.hasNonNull("readId") ? Action.READ : Action.CREATE, r, r, List.of()));
            } else if (transitions.containsKey(e.getKey())) {
                Action a = transitions.get(e.getKey());
                if (a == Action.READ && !replaced.contains(e.getKey())) {
                    unchanged++;
                } else {
                    steps.add(step(a, was, r, changes.get(e.getKey())));
                }
            } else if (replaced.contains(e.getKey())) {
                steps.add(step(Action.REPLACE, was, r, changes.get(e.getKey())));
            } else if (!changes.get(e.getKey()).isEmpty()) {
                steps.add(step(Action.UPDATE, was, r, changes.get(e.getKey())));
            } else {
                unchanged++;
            }
        }
        for (var e : old.entrySet()) {
            if (!now.containsKey(e.getKey())) {
                JsonNode r = e.getValue();
                steps.add(step(r.hasNonNull("readId") ? Action.DISCARD : Action.DELETE, r, r, List.of()));
            }
        }
        List<Warning> warnings = new ArrayList<>();
        for (Step s : steps) {
            boolean goes = s.action() == Action.REPLACE || s.action() == Action.DELETE
                    || s.action() == Action.READ_REPLACEMENT;
            if (goes && (s.wasProtected() || s.retainOnDelete())) {
                warnings.add(new Warning(s, warning(s)));
            }
        }
        return new Result(List.copyOf(steps), unchanged, List.copyOf(warnings), explain(steps), ids);
    }

    static final String LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
    static final String GROUP = "aws:autoscaling/group:Group";

    private static String warning(Step s) {
        String what = s.type() + " " + s.name();
        if (s.wasProtected() && s.action() != Action.READ_REPLACEMENT) {
            return what + " is protected: `pulumi preview` stops with an error before anything changes (the engine "
                    + "checks protection while it plans). Do it deliberately: `pulumi state unprotect` it first, or "
                    + "change the plan.";
        }
        return what + " is retained on delete: " + (s.action() == Action.DELETE ? "it stays in the account, unmanaged, "
                + "and still billed" : "the old one is left in the account, unmanaged, and still billed") + ".";
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
            out.add("The subnets " + String.join(", ", movedSubnets.stream().map(Step::name).toList()) + " move from "
                    + text(move.before()) + " to " + text(move.after()) + ". A subnet cannot move: each is replaced, "
                    + "and so is everything in it. This is a migration, not one pulumi up: "
                    + "docs/migrations.md#moving-the-primary-az gives the runs.");
        }
        return out;
    }

    private List<Change> inputChanges(JsonNode resource, JsonNode before, JsonNode after) {
        String type = resource.path("type").asText();
        Set<String> keys = new LinkedHashSet<>();
        before.fieldNames().forEachRemaining(keys::add);
        after.fieldNames().forEachRemaining(keys::add);
        Set<String> ignored = new TreeSet<>();
        resource.path("ignoreChanges").forEach(i -> ignored.add(i.asText()));
        List<Change> out = new ArrayList<>();
        for (String key : new TreeSet<>(keys)) {
            if (ignored.contains(key)) {
                continue; // the engine puts the old value back before it diffs
            }
            JsonNode a = before.get(key);
            JsonNode b = after.get(key);
            if (a == null ? b != null : !a.equals(b)) {
                var forcing = ReplacementTable.changedPaths(key, a, b).stream()
                        .map(path -> table.forcing(type, path).map(e -> path + " forces replacement [" + e.source() + "]"))
                        .flatMap(Optional::stream).findFirst()
                        .or(() -> conditionalReplacement(type, key, before, after));
                out.add(new Change(key, a, b, forcing.isPresent(), forcing.orElse(null)));
            }
        }
        return out;
    }

    /** A replacement the provider forces only in some cases, when this change is one of them. */
    private Optional<String> conditionalReplacement(String type, String key, JsonNode before, JsonNode after) {
        for (ReplacementTable.Conditional c : table.conditionals(type)) {
            if (!c.inputs().contains(key)) {
                continue;
            }
            if (c.simulated().equals("sourceKindChange")) {
                List<String> was = c.inputs().stream().filter(before::has).toList();
                List<String> now = c.inputs().stream().filter(after::has).toList();
                if (!was.equals(now)) {
                    return Optional.of("the kind of source changes (" + String.join(", ", was) + " to "
                            + String.join(", ", now) + "), which forces replacement [" + c.source() + "]");
                }
            } else if (c.simulated().equals("whenFlag") && c.flag().map(f -> after.path(f).asBoolean(false)).orElse(false)) {
                return Optional.of("forces replacement while " + c.flag().get() + " is true [" + c.source() + "]");
            }
        }
        return Optional.empty();
    }

    /**
     * The URN of a replaced resource whose old ID appears in {@code value}: as the whole value, inside a string (a
     * JSON policy naming an interface), or inside base64 (user data), or null.
     */
    static String referencedReplaced(JsonNode value, Map<String, String> idToUrn, Set<String> replaced) {
        if (value.isTextual()) {
            String text = value.asText();
            String urn = idToUrn.get(text);
            if (urn != null && replaced.contains(urn)) {
                return urn;
            }
            for (String candidate : List.of(text, decodedBase64(text))) {
                for (String r : replaced) {
                    for (var e : idToUrn.entrySet()) {
                        if (e.getValue().equals(r) && e.getKey().length() >= 8 && candidate.contains(e.getKey())) {
                            return r;
                        }
                    }
                }
            }
            return null;
        }
        for (JsonNode child : value) {
            String found = referencedReplaced(child, idToUrn, replaced);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** The text a base64 value decodes to, or "" when it is not base64 (most strings are not). */
    static String decodedBase64(String text) {
        if (text.length() < 16 || text.length() % 4 != 0 || !text.matches("[A-Za-z0-9+/]+={0,2}")) {
            return "";
        }
        try {
            return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static Step step(Action action, JsonNode was, JsonNode is, List<Change> changes) {
        boolean instanceRefresh = is.path("type").asText().equals(GROUP)
                && changes.stream().anyMatch(c -> c.input().equals("launchTemplate"));
        return new Step(action, is.path("urn").asText(), is.path("type").asText(), is.path("name").asText(),
                is.path("protect").asBoolean(), is.path("retainOnDelete").asBoolean() || was.path("retainOnDelete")
                .asBoolean(), List.copyOf(changes), was.path("protect").asBoolean(),
                is.path("deleteBeforeReplace").asBoolean(), instanceRefresh);
    }

    static Optional<String> idOf(JsonNode r) {
        if (r.hasNonNull("readId")) {
            return Optional.of(r.get("readId").asText());
        }
        return r.hasNonNull("id") ? Optional.of(r.get("id").asText()) : Optional.empty();
    }

    private static JsonNode text(Optional<String> s) {
        return s.<JsonNode>map(com.fasterxml.jackson.databind.node.TextNode::new).orElse(null);
    }

    static Map<String, JsonNode> byUrn(JsonNode plan) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode r : plan.path("resources")) {
            out.put(r.path("urn").asText(), r);
        }
        return out;
    }

    static String name(String urn) {
        return urn.substring(urn.lastIndexOf("::") + 2);
    }

    static String text(JsonNode value) {
        return value == null ? "(absent)" : value.isTextual() ? value.asText() : value.toString();
    }
}
