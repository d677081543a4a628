package com.kubetrader.plan.settings;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown before any resource is declared, listing every bad setting at once. */
public final class InvalidSettingsException extends RuntimeException {

    private final List<SettingError> errors;

    public InvalidSettingsException(List<SettingError> errors) {
        super(render(errors));
        this.errors = List.copyOf(errors);
    }

    public List<SettingError> errors() {
        return errors;
    }

    private static String render(List<SettingError> errors) {
        String header = errors.size() == 1 ? "Invalid stack setting:" : errors.size() + " invalid stack settings:";
        return errors.stream().map(e -> "  - " + e.message())
                .collect(Collectors.joining("\n", header + "\n", ""));
    }
}
