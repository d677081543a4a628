package com.kubetrader.plan.transition;

import java.util.List;

/** A change the stack cannot make in one pulumi up: what would fail, the rule, and the runs that get there. */
public record Refusal(TransitionRules.Rule rule, String what, List<Run> runs) {

    public Refusal {
        runs = List.copyOf(runs);
    }

    public String message() {
        StringBuilder out = new StringBuilder(what).append("\n   Rule ").append(rule.id()).append(": ")
                .append(rule.cited());
        if (!runs.isEmpty()) {
            out.append("\n   The way through:");
            for (int i = 0; i < runs.size(); i++) {
                out.append("\n   ").append(runs.get(i).render(i + 1));
            }
        }
        return out.toString();
    }
}
