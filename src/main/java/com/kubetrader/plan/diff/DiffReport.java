package com.kubetrader.plan.diff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A {@link PlanDiff.Result} as text, like {@code pulumi preview --diff}, or as JSON for machines. */
public final class DiffReport {

    static final int VALUE_WIDTH = 60;

    private DiffReport() {
    }

    public static String text(String stack, String against, PlanDiff.Result r) {
        StringBuilder out = new StringBuilder("Plan diff of stack ").append(stack).append(" against ").append(against)
                .append('\n');
        if (r.empty()) {
            return out.append("No changes: ").append(r.unchanged()).append(" resources unchanged.\n").toString();
        }
        out.append('\n');
        for (PlanDiff.Step s : r.steps()) {
            out.append(String.format(Locale.ROOT, "  %-9s %-55s %s%s%n", symbol(s.action()), s.type(), s.name(),
                    s.protect() ? "  [protected]" : s.retainOnDelete() ? "  [retainOnDelete]" : ""));
            for (PlanDiff.Change c : s.changes()) {
                out.append("        ").append(c.forcesReplacement() ? "~ " : "  ").append(c.input()).append(": ")
                        .append(value(c.before())).append(" => ")
                        .append(c.after() == null && c.because() != null && c.because().startsWith("refers")
                                ? "(new ID)" : value(c.after()))
                        .append(c.because() == null ? "" : "   (" + c.because() + ")").append('\n');
            }
        }
        out.append(String.format(Locale.ROOT, "%nResources: %d to create, %d to update, %d to replace, %d to delete, "
                        + "%d unchanged%n", r.count(PlanDiff.Action.CREATE), r.count(PlanDiff.Action.UPDATE),
                r.count(PlanDiff.Action.REPLACE), r.count(PlanDiff.Action.DELETE), r.unchanged()));
        for (String e : r.explanations()) {
            out.append('\n').append(e).append('\n');
        }
        if (!r.warnings().isEmpty()) {
            out.append("\nWARNING: ").append(r.warnings().size())
                    .append(" protected or retained resource(s) would be replaced or deleted:\n");
            for (PlanDiff.Warning w : r.warnings()) {
                out.append("  ! ").append(w.message()).append('\n');
            }
        }
        if (!r.followedReplacements()) {
            out.append("\nNote: the saved plan carries no resource IDs (written by an older kubetrader), so replacements "
                    + "were not followed into the resources that refer to them.\n");
        }
        return out.toString();
    }

    public static String json(String stack, String against, PlanDiff.Result r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("stack", stack);
        doc.put("against", against);
        Map<String, Object> counts = new LinkedHashMap<>();
        for (PlanDiff.Action a : PlanDiff.Action.values()) {
            counts.put(a.name().toLowerCase(Locale.ROOT), r.count(a));
        }
        counts.put("unchanged", r.unchanged());
        doc.put("counts", counts);
        List<Object> steps = new ArrayList<>();
        for (PlanDiff.Step s : r.steps()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("action", s.action().name().toLowerCase(Locale.ROOT));
            m.put("urn", s.urn());
            m.put("type", s.type());
            m.put("name", s.name());
            m.put("protect", s.protect());
            m.put("retainOnDelete", s.retainOnDelete());
            List<Object> changes = new ArrayList<>();
            for (PlanDiff.Change c : s.changes()) {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("input", c.input());
                cm.put("before", c.before());
                cm.put("after", c.after());
                cm.put("forcesReplacement", c.forcesReplacement());
                cm.put("because", c.because());
                changes.add(cm);
            }
            m.put("changes", changes);
            steps.add(m);
        }
        doc.put("steps", steps);
        doc.put("warnings", r.warnings().stream().map(PlanDiff.Warning::message).toList());
        doc.put("explanations", r.explanations());
        doc.put("followedReplacements", r.followedReplacements());
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String symbol(PlanDiff.Action a) {
        return switch (a) {
            case CREATE -> "+ create";
            case UPDATE -> "~ update";
            case REPLACE -> "+-replace";
            case DELETE -> "- delete";
        };
    }

    private static String value(com.fasterxml.jackson.databind.JsonNode v) {
        String s = PlanDiff.text(v);
        s = v != null && v.isTextual() ? "\"" + s + "\"" : s;
        return s.length() <= VALUE_WIDTH ? s : s.substring(0, VALUE_WIDTH - 1) + "…";
    }
}
