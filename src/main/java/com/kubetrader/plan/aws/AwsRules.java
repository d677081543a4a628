package com.kubetrader.plan.aws;

import com.kubetrader.plan.settings.InvalidSettingsException;
import com.kubetrader.plan.settings.SettingError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AWS's own rules, checked on everything a plan will send before any resource is declared: the catalog's model and
 * documentation constraints, and the limits AWS states in prose. As {@code SecurityInvariants} checks security.
 */
public final class AwsRules {

    private AwsRules() {
    }

    /** Every value the catalog's rules refuse, in the order the inputs were given. */
    public static List<AwsViolation> check(AwsCatalog catalog, List<DeclaredInput> inputs) {
        List<AwsViolation> found = new ArrayList<>();
        for (DeclaredInput in : inputs) {
            for (AwsCatalog.Rule rule : catalog.rules(in.type(), in.input())) {
                if (rule.sumBy().isPresent() || rule.when().filter(w -> valueOf(inputs, in.type(), in.resource(), w)
                        .isEmpty()).isPresent()) {
                    continue; // a total, or a member the provider uses only when another input is set
                }
                rule.constraint().problem(in.value()).ifPresent(problem ->
                        found.add(new AwsViolation(in, problem, rule.constraint().describe(), rule.source())));
            }
        }
        found.addAll(sums(catalog, inputs));
        return found;
    }

    /**
     * What AWS would refuse about one value of one input, each problem with its rule and source: for a setting read
     * on its own (a bucket name), so the settings error names the key before anything else is planned.
     */
    public static List<String> problems(AwsCatalog catalog, String type, String input, Object value) {
        return check(catalog, List.of(DeclaredInput.of(type, "", input, value))).stream()
                .map(v -> v.problem() + "; the rule: " + v.rule() + " [" + v.source() + "]").distinct().toList();
    }

    /** Rules on a total: every inline policy of one role together, say. */
    private static List<AwsViolation> sums(AwsCatalog catalog, List<DeclaredInput> inputs) {
        List<AwsViolation> found = new ArrayList<>();
        for (AwsCatalog.Rule rule : catalog.prose()) {
            if (rule.sumBy().isEmpty() || !(rule.constraint() instanceof Constraint.Length length)) {
                continue;
            }
            Map<Object, List<DeclaredInput>> groups = new LinkedHashMap<>();
            for (DeclaredInput in : inputs) {
                if (in.type().equals(rule.key().type()) && in.input().equals(rule.key().input())) {
                    Object group = valueOf(inputs, in.type(), in.resource(), rule.sumBy().get()).orElse(in.resource());
                    groups.computeIfAbsent(group, g -> new ArrayList<>()).add(in);
                }
            }
            for (List<DeclaredInput> group : groups.values()) {
                String joined = String.join("", group.stream().map(i -> String.valueOf(i.value())).toList());
                length.problem(joined).ifPresent(problem -> {
                    DeclaredInput first = group.get(0);
                    String who = group.size() == 1 ? "" : " (together with "
                            + String.join(", ", group.subList(1, group.size()).stream().map(DeclaredInput::resource).toList())
                            + ")";
                    found.add(new AwsViolation(first, problem + who, "for all of them " + length.describe(),
                            rule.source()));
                });
            }
        }
        return found;
    }

    private static Optional<Object> valueOf(List<DeclaredInput> inputs, String type, String resource, String input) {
        return inputs.stream().filter(i -> i.type().equals(type) && i.resource().equals(resource)
                && i.input().equals(input)).map(DeclaredInput::value).findFirst();
    }

    /**
     * Refuses a plan AWS would refuse. Values from stack settings are reported as settings errors, naming the key;
     * anything else is the program's own value, a defect to fix here.
     *
     * @throws InvalidSettingsException when a stack setting carries a value AWS refuses
     * @throws IllegalStateException    when the program itself would send one
     */
    public static void enforce(AwsCatalog catalog, List<DeclaredInput> inputs) {
        List<AwsViolation> found = check(catalog, inputs);
        List<SettingError> settings = new ArrayList<>();
        List<String> program = new ArrayList<>();
        for (AwsViolation v : found) {
            if (v.configKey().isPresent()) {
                SettingError error = new SettingError(v.configKey().get(), String.valueOf(v.declared().value()),
                        v.settingProblem());
                if (!settings.contains(error)) {
                    settings.add(error);
                }
            } else {
                program.add(v.message());
            }
        }
        if (!settings.isEmpty()) {
            throw new InvalidSettingsException(settings);
        }
        if (!program.isEmpty()) {
            throw new IllegalStateException("The plan breaks AWS's rules (AWS would refuse these calls; nothing was "
                    + "declared):\n  - " + String.join("\n  - ", program));
        }
    }
}
