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
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which inputs force the provider to replace a resource, per type, each entry citing the provider source that says
 * so (src/main/resources/replacements/aws-6.83.0.json). Paths: {@code a} a top-level input, {@code a.b} an argument
 * of a nested block, {@code a[].b} an argument of each element of a list block.
 */
public record ReplacementTable(String provider, String bridges, String method, Map<String, List<Entry>> forceNew,
                               Map<String, List<Conditional>> conditional) {

    public static final String RESOURCE = "/replacements/aws-6.83.0.json";

    public ReplacementTable {
        forceNew = Map.copyOf(forceNew);
        conditional = Map.copyOf(conditional);
    }

    /** One input that forces a new resource, and where the provider says so. */
    public record Entry(String input, String source) {
    }

    /**
     * A replacement the provider forces only under a condition. {@code simulated}: {@code sourceKindChange} (the
     * set of these inputs that is present changes), {@code whenFlag} (when {@code flag} is true), or
     * {@code documented} (reported, not simulated).
     */
    public record Conditional(List<String> inputs, String condition, String simulated, Optional<String> flag,
                              String source) {
        public Conditional {
            inputs = List.copyOf(inputs);
        }
    }

    private static ReplacementTable bundled;

    public static synchronized ReplacementTable bundled() {
        if (bundled == null) {
            try (InputStream in = ReplacementTable.class.getResourceAsStream(RESOURCE)) {
                bundled = parse(new ObjectMapper().readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bundled;
    }

    static ReplacementTable parse(JsonNode root) {
        Map<String, List<Entry>> forceNew = new LinkedHashMap<>();
        Map<String, List<Conditional>> conditional = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("types").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> type = it.next();
            List<Entry> entries = new ArrayList<>();
            type.getValue().path("forceNew").forEach(e -> entries.add(new Entry(e.path("input").asText(),
                    e.path("source").asText(""))));
            forceNew.put(type.getKey(), List.copyOf(entries));
            List<Conditional> conds = new ArrayList<>();
            type.getValue().path("conditional").forEach(c -> {
                List<String> inputs = new ArrayList<>();
                c.path("inputs").forEach(i -> inputs.add(i.asText()));
                conds.add(new Conditional(inputs, c.path("condition").asText(), c.path("simulated").asText("documented"),
                        c.hasNonNull("flag") ? Optional.of(c.get("flag").asText()) : Optional.empty(),
                        c.path("source").asText()));
            });
            conditional.put(type.getKey(), List.copyOf(conds));
        }
        return new ReplacementTable(root.path("provider").asText(), root.path("bridges").asText(),
                root.path("method").asText(), forceNew, conditional);
    }

    public Set<String> types() {
        return new TreeSet<>(forceNew.keySet());
    }

    public List<Entry> entries(String type) {
        List<Entry> entries = forceNew.get(type);
        if (entries == null) {
            throw new IllegalStateException("the replacement table has no entry for " + type
                    + "; add it to src/main/resources" + RESOURCE + " from the provider's source");
        }
        return entries;
    }

    /**
     * The entry that makes a change at {@code path} force a replacement, if any. A change inside a block whose
     * whole argument forces replacement counts too.
     */
    public Optional<Entry> forcing(String type, String path) {
        for (Entry e : entries(type)) {
            if (path.equals(e.input()) || path.startsWith(e.input() + ".") || path.startsWith(e.input() + "[")) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public List<Conditional> conditionals(String type) {
        return conditional.getOrDefault(type, List.of());
    }

    /**
     * Every path at which {@code after} differs from {@code before} (an input's value, JSON), under {@code prefix}:
     * the input itself, and inside objects and lists the nested argument ({@code a.b}, {@code a[].b}).
     */
    public static Set<String> changedPaths(String prefix, JsonNode before, JsonNode after) {
        Set<String> out = new LinkedHashSet<>();
        collect(prefix, before, after, out);
        return out;
    }

    private static void collect(String path, JsonNode before, JsonNode after, Set<String> out) {
        if (before == null ? after == null : before.equals(after)) {
            return;
        }
        out.add(path);
        if (before != null && after != null && before.isObject() && after.isObject()) {
            Set<String> keys = new TreeSet<>();
            before.fieldNames().forEachRemaining(keys::add);
            after.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                collect(path + "." + k, before.get(k), after.get(k), out);
            }
        } else if (before != null && after != null && before.isArray() && after.isArray()) {
            int n = Math.max(before.size(), after.size());
            for (int i = 0; i < n; i++) {
                collect(path + "[]", before.get(i), after.get(i), out);
            }
        } else if (before != null && before.isContainerNode() || after != null && after.isContainerNode()) {
            JsonNode present = before != null && before.isContainerNode() ? before : after;
            if (present.isObject()) {
                present.fieldNames().forEachRemaining(k -> out.add(path + "." + k));
            } else {
                out.add(path + "[]");
            }
        }
    }
}
