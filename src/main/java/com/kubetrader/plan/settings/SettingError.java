package com.kubetrader.plan.settings;

/** One bad setting: the fully qualified key, the value given, what is wrong and what would be valid. */
public record SettingError(String key, String value, String problem) {

    public String message() {
        return key + " = " + (value == null ? "(not set)" : "'" + value + "'") + ": " + problem;
    }
}
