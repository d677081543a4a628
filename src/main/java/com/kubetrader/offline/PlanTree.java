package com.kubetrader.offline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The plan as {@code pulumi preview} shows it: Stack, components, children, each with type, name
 * and what would happen, plus the few properties a reviewer checks; then counts by type and the
 * stack outputs.
 */
public final class PlanTree {

    private PlanTree() {
    }

    public static String render(OfflineRun.Result result, Map<String, String> azNamesById) {
        ResourceGraph graph = new ResourceGraph(result.resources(), azNamesById);
        List<String[]> rows = new ArrayList<>();
        for (PlannedResource root : graph.roots()) {
            walk(graph, root, "", "", rows);
        }
        int typeWidth = "Type".length();
        int nameWidth = "Name".length();
        for (String[] row : rows) {
            typeWidth = Math.max(typeWidth, row[1].length());
            nameWidth = Math.max(nameWidth, row[2].length());
        }

        StringBuilder out = new StringBuilder();
        out.append("Plan of stack ").append(result.stack()).append(" against the simulated account ")
                .append(SimulatedAccount.ACCOUNT_ID).append(" (").append(SimulatedAccount.REGION).append("; ")
                .append(describeZones(azNamesById)).append(")\n\n");
        String format = " %-2s  %-" + typeWidth + "s  %-" + nameWidth + "s  %-6s  %s";
        out.append(String.format(format, "", "Type", "Name", "Plan", "Info").stripTrailing()).append('\n');
        for (String[] row : rows) {
            out.append(String.format(format, row[0], row[1], row[2], row[3], row[4]).stripTrailing()).append('\n');
        }

        out.append("\nResources:\n");
        long reads = graph.resources().stream().filter(r -> r.readId().isPresent()).count();
        out.append("    + ").append(graph.resources().size() - reads).append(" to create\n");
        if (reads > 0) {
            out.append("    > ").append(reads).append(" to read\n");
        }
        out.append("    ").append(graph.resources().size()).append(" in all\n");
        out.append("\nBy type:\n");
        Map<String, Integer> counts = countsByType(result);
        int width = counts.values().stream().mapToInt(c -> Integer.toString(c).length()).max().orElse(1);
        counts.forEach((type, count) -> out.append(String.format("    %" + width + "d  %s%n", count, type)));

        out.append("\nOutputs:\n");
        int keyWidth = result.outputs().keySet().stream().mapToInt(String::length).max().orElse(0);
        result.outputs().forEach((key, value) -> {
            out.append("    ").append(String.format("%-" + keyWidth + "s", key)).append(": ");
            value(out, value, "    ");
            out.append('\n');
        });
        return out.toString();
    }

    public static Map<String, Integer> countsByType(OfflineRun.Result result) {
        Map<String, Integer> counts = new TreeMap<>();
        result.resources().forEach(r -> counts.merge(r.type(), 1, Integer::sum));
        return counts;
    }

    static String describeZones(Map<String, String> azNamesById) {
        List<String> pairs = new ArrayList<>();
        azNamesById.forEach((id, name) -> pairs.add(name + "=" + id));
        return "AZ names: " + String.join(", ", pairs);
    }

    private static void walk(ResourceGraph graph, PlannedResource r, String prefix, String childPrefix,
                             List<String[]> rows) {
        List<String> info = new ArrayList<>();
        if (r.protect()) {
            info.add("protect");
        }
        if (r.retainOnDelete()) {
            info.add("retainOnDelete");
        }
        r.readId().ifPresent(id -> info.add("id=" + id));
        info.addAll(KeyProperties.of(r, graph));
        boolean read = r.readId().isPresent();
        rows.add(new String[] {read ? ">" : "+", prefix + r.type(), r.name(), read ? "read" : "create",
                String.join("  ", info)});
        List<PlannedResource> children = graph.children(r);
        for (int i = 0; i < children.size(); i++) {
            boolean last = i == children.size() - 1;
            walk(graph, children.get(i), childPrefix + (last ? "└─ " : "├─ "), childPrefix + (last ? "   " : "│  "), rows);
        }
    }

    private static void value(StringBuilder out, Object value, String indent) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            int keyWidth = sorted.keySet().stream().mapToInt(String::length).max().orElse(0);
            out.append("{\n");
            sorted.forEach((k, v) -> {
                out.append(indent).append("    ").append(String.format("%-" + keyWidth + "s", k)).append(": ");
                value(out, v, indent + "    ");
                out.append('\n');
            });
            out.append(indent).append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ", ");
                value(out, list.get(i), indent);
            }
            out.append(']');
        } else if (value instanceof String s) {
            out.append('"').append(s).append('"');
        } else {
            out.append(KeyProperties.text(value));
        }
    }
}
