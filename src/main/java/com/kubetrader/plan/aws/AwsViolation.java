package com.kubetrader.plan.aws;

import java.util.Optional;

/** A value AWS would refuse: which resource, which input, the value, what is wrong, the rule and its source. */
public record AwsViolation(DeclaredInput declared, String problem, String rule, String source) {

    static final int SHOWN = 90;

    public Optional<String> configKey() {
        return declared.configKey();
    }

    /** One line for a person: resource and input, the value, the problem, the rule, the source. */
    public String message() {
        return declared.type() + " " + declared.resource() + ": " + declared.input() + " = " + show(declared.value())
                + ": " + problem + (declared.estimated() ? " (measured with every AWS-assigned ID at its longest)" : "")
                + "; the rule: " + rule + " [" + source + "]";
    }

    /** The same for a stack setting: the key first, then what it sets. */
    public String settingProblem() {
        // no resource name: a setting that several resources carry (the fleet's instance type) is one error
        return problem + "; the rule for " + declared.type() + " " + declared.input() + ": " + rule + " [" + source
                + "]";
    }

    static String show(Object value) {
        String s = value instanceof String str ? "'" + str + "'" : String.valueOf(value);
        if (s.length() <= SHOWN) {
            return s;
        }
        return s.substring(0, SHOWN - 1) + "…' (" + (value instanceof String str ? str.length() : s.length())
                + " characters)";
    }
}
