package com.kubetrader.plan.diff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.kubetrader.plan.transition.Refusal;
import com.kubetrader.plan.transition.Run;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link Transition} as text, like {@code pulumi preview --diff} plus what the preview cannot show (the engine's
 * order, AWS's refusals, the egress gaps and the way through), or as JSON for machines and the PR comment.
 */
public final class DiffReport {

    static final int VALUE_WIDTH = 60;

    private DiffReport() {
    }

    public static String text(String stack, String against, Transition t) {
        PlanDiff.Result r = t.diff();
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
                if (!c.forcesReplacement() && c.before() != null && c.after() != null && c.before().isObject()
                        && c.after().isObject()) {
                    // a map (tags, say): each key that changed, so a long value is not cut where the change is
                    java.util.SortedSet<String> keys = new java.util.TreeSet<>();
                    c.before().fieldNames().forEachRemaining(keys::add);
                    c.after().fieldNames().forEachRemaining(keys::add);
                    for (String k : keys) {
                        var b = c.before().get(k);
                        var a = c.after().get(k);
                        if (b == null || !b.equals(a)) {
                            out.append("          ").append(c.input()).append('.').append(k).append(": ")
                                    .append(b == null ? "(absent)" : value(b)).append(" => ")
                                    .append(a == null ? "(removed)" : value(a)).append('\n');
                        }
                    }
                    continue;
                }
                out.append("        ").append(c.forcesReplacement() ? "~ " : "  ").append(c.input()).append(": ")
                        .append(value(c.before())).append(" => ")
                        .append(c.after() == null && c.because() != null ? "(new)" : value(c.after()))
                        .append(c.because() == null ? "" : "   (" + c.because() + ")").append('\n');
            }
        }
        out.append(String.format(Locale.ROOT, "%nResources: %d to create, %d to update, %d to replace, %d to delete, "
                        + "%d unchanged%n", r.count(PlanDiff.Action.CREATE), r.count(PlanDiff.Action.UPDATE),
                r.count(PlanDiff.Action.REPLACE) + r.count(PlanDiff.Action.CREATE_REPLACEMENT)
                        + r.count(PlanDiff.Action.READ_REPLACEMENT), r.count(PlanDiff.Action.DELETE), r.unchanged()));

        out.append("\nIn the order `pulumi up` runs them (seconds from its start, estimates from "
                + "transitions/times.json):\n");
        if (t.order().stopped()) {
            out.append("  none: the engine stops at preview, before anything changes:\n");
            t.order().stoppedByProtection().forEach(p -> out.append("  ! ").append(p).append('\n'));
        } else {
            int phase = 1;
            for (TransitionSimulation.TimedStep ts : t.simulation().steps()) {
                var s = ts.step();
                if (s.phase() == 2 && phase == 1) {
                    out.append("  -- the deletes, after every create and update, dependents first --\n");
                    phase = 2;
                }
                out.append(String.format(Locale.ROOT, "  %3d. [%4d-%4d] %-18s %-55s %s%s%n", s.order(), ts.start(), ts.end(),
                        s.op().word(), s.type(), s.name(), s.why().isEmpty() ? "" : "   (" + s.why() + ")"));
            }
        }

        List<String> refusals = refusals(t);
        if (!refusals.isEmpty()) {
            out.append("\nREFUSED: this change cannot complete in one `pulumi up`:\n");
            refusals.forEach(x -> out.append("  ! ").append(x.replace("\n", "\n    ")).append('\n'));
        }
        List<Run> runs = t.runs(stack);
        if (t.refused() && !runs.isEmpty()) {
            out.append("\nThe way through:\n");
            for (int i = 0; i < runs.size(); i++) {
                out.append("  ").append(runs.get(i).render(i + 1).replace("\n", "\n  ")).append('\n');
            }
        }
        var egress = t.simulation().egress();
        out.append("\nEgress of ").append(egress.subnet()).append(" (estimates): ");
        if (egress.noEgressSeconds() == null) {
            out.append(egress.how().get(0)).append('\n');
        } else {
            out.append(egress.noEgressSeconds()).append(" s with no way out, ").append(egress.unlistedAddressSeconds())
                    .append(" s from an address the exchange has not whitelisted").append(t.refused()
                            ? " (if the refused steps were forced through)" : "").append('\n');
            egress.how().forEach(h -> out.append("  ").append(h).append('\n'));
        }
        t.simulation().rto().ifPresent(rto -> {
            out.append("\nRTO estimate for this evacuation: ").append(rto.seconds()).append(" s, the longest of:\n");
            rto.parts().forEach(p -> out.append("  - ").append(p).append('\n'));
        });
        if (!t.simulation().preconditions().isEmpty()) {
            out.append("\nBefore `pulumi up`:\n");
            t.simulation().preconditions().forEach(p -> out.append("  - ").append(p).append('\n'));
        }
        if (!t.verdict().notices().isEmpty()) {
            out.append("\nNote:\n");
            t.verdict().notices().forEach(n -> out.append("  - ").append(n.text()).append(" [").append(n.rule())
                    .append("]\n"));
        }
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

    /** Every refusal in words: the engine's, AWS's (with the step), the program's (with its rule). */
    public static List<String> refusals(Transition t) {
        List<String> out = new ArrayList<>(t.order().stoppedByProtection());
        for (var r : t.simulation().refused()) {
            out.add("step " + r.step().order() + " " + r.step().op().word() + " " + r.step().type() + " "
                    + r.step().name() + ": " + r.what() + ". Rule " + r.rule().id() + ": " + r.rule().cited());
        }
        for (Refusal r : t.verdict().refusals()) {
            out.add("the program refuses this at preview: " + r.what() + " Rule " + r.rule().id() + ": "
                    + r.rule().cited());
        }
        return out;
    }

    public static String json(String stack, String against, Transition t) {
        PlanDiff.Result r = t.diff();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("stack", stack);
        doc.put("against", against);
        Map<String, Object> counts = new LinkedHashMap<>();
        for (PlanDiff.Action a : PlanDiff.Action.values()) {
            counts.put(a.name().toLowerCase(Locale.ROOT), r.count(a));
        }
        counts.put("unchanged", r.unchanged());
        doc.put("counts", counts);
        List<Object> changes = new ArrayList<>();
        for (PlanDiff.Step s : r.steps()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("action", s.action().name().toLowerCase(Locale.ROOT));
            m.put("urn", s.urn());
            m.put("type", s.type());
            m.put("name", s.name());
            m.put("protect", s.protect());
            m.put("retainOnDelete", s.retainOnDelete());
            List<Object> inputs = new ArrayList<>();
            for (PlanDiff.Change c : s.changes()) {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("input", c.input());
                cm.put("before", c.before());
                cm.put("after", c.after());
                cm.put("forcesReplacement", c.forcesReplacement());
                cm.put("because", c.because());
                inputs.add(cm);
            }
            m.put("changes", inputs);
            changes.add(m);
        }
        doc.put("changes", changes);
        List<Object> steps = new ArrayList<>();
        for (TransitionSimulation.TimedStep ts : t.simulation().steps()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("order", ts.step().order());
            m.put("operation", ts.step().op().word());
            m.put("type", ts.step().type());
            m.put("name", ts.step().name());
            m.put("phase", ts.step().phase() == 1 ? "as registered" : "deletes at the end");
            m.put("startSeconds", ts.start());
            m.put("endSeconds", ts.end());
            if (!ts.step().why().isEmpty()) {
                m.put("note", ts.step().why());
            }
            steps.add(m);
        }
        doc.put("steps", steps);
        List<Object> refusals = new ArrayList<>();
        t.order().stoppedByProtection().forEach(p -> refusals.add(Map.of("by", "engine", "rule", "engine.protected",
                "what", p)));
        for (var x : t.simulation().refused()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("by", "aws");
            m.put("rule", x.rule().id());
            x.rule().awsError().ifPresent(e -> m.put("error", e));
            m.put("step", x.step().order());
            m.put("what", x.what());
            m.put("source", x.rule().sources());
            refusals.add(m);
        }
        for (Refusal x : t.verdict().refusals()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("by", "program");
            m.put("rule", x.rule().id());
            m.put("what", x.what());
            m.put("source", x.rule().sources());
            refusals.add(m);
        }
        doc.put("refusals", refusals);
        List<Object> runs = new ArrayList<>();
        for (Run run : t.runs(stack)) {
            runs.add(Map.of("purpose", run.purpose(), "commands", run.commands()));
        }
        doc.put("runs", runs);
        var egress = t.simulation().egress();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("subnet", egress.subnet());
        e.put("noEgressSeconds", egress.noEgressSeconds());
        e.put("unlistedAddressSeconds", egress.unlistedAddressSeconds());
        e.put("estimate", true);
        e.put("how", egress.how());
        doc.put("egress", e);
        t.simulation().rto().ifPresent(rto -> doc.put("rto", Map.of("seconds", rto.seconds(), "estimate", true,
                "parts", rto.parts())));
        doc.put("preconditions", t.simulation().preconditions());
        doc.put("notices", t.verdict().notices().stream().map(n -> Map.of("rule", n.rule(), "text", n.text())).toList());
        doc.put("warnings", r.warnings().stream().map(PlanDiff.Warning::message).toList());
        doc.put("explanations", r.explanations());
        doc.put("followedReplacements", r.followedReplacements());
        doc.put("exitCode", t.exitCode());
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String symbol(PlanDiff.Action a) {
        return switch (a) {
            case CREATE -> "+ create";
            case UPDATE -> "~ update";
            case REPLACE -> "+-replace";
            case DELETE -> "- delete";
            case READ -> "= read";
            case CREATE_REPLACEMENT -> "+-create";
            case READ_REPLACEMENT -> "+-read";
            case RELINQUISH -> "= release";
            case DISCARD -> "- discard";
        };
    }

    private static String value(com.fasterxml.jackson.databind.JsonNode v) {
        String s = PlanDiff.text(v);
        s = v != null && v.isTextual() ? "\"" + s + "\"" : s;
        return s.length() <= VALUE_WIDTH ? s : s.substring(0, VALUE_WIDTH - 1) + "…";
    }
}
