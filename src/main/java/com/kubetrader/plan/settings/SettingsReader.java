package com.kubetrader.plan.settings;

import com.kubetrader.plan.AzId;
import com.kubetrader.plan.Cidr;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads typed values from raw config and collects every problem instead of stopping at the
 * first, so one run tells the user everything that is wrong. A value that fails to parse reads
 * as null; callers skip cross-checks on nulls and call {@link #throwIfInvalid()} at the end.
 *
 * <p>Defaults live in one place, Pulumi.yaml: the Pulumi CLI (and the offline plan, which loads
 * the same file) fills them in, so a key missing here means Pulumi.yaml was not applied.
 */
public final class SettingsReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConfigSource source;
    private final String namespace;
    private final List<SettingError> errors = new ArrayList<>();
    private final Set<String> keysRead = new LinkedHashSet<>();

    public SettingsReader(ConfigSource source, String namespace) {
        this.source = source;
        this.namespace = namespace;
    }

    public String qualified(String key) {
        return key.contains(":") ? key : namespace + ":" + key;
    }

    public Optional<String> optional(String key) {
        keysRead.add(qualified(key));
        return source.get(qualified(key)).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String required(String key) {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            error(key, null, "not set; Pulumi.yaml declares a default for every kubetrader key, "
                    + "so run from the project directory or set it with `pulumi config set " + qualified(key) + " <value>`");
            return null;
        }
        return value.get();
    }

    public Cidr cidr(String key) {
        String raw = required(key);
        if (raw == null) {
            return null;
        }
        try {
            return Cidr.parse(raw);
        } catch (IllegalArgumentException e) {
            error(key, raw, e.getMessage());
            return null;
        }
    }

    public AzId azId(String key) {
        String raw = required(key);
        if (raw == null) {
            return null;
        }
        try {
            return AzId.of(raw);
        } catch (IllegalArgumentException e) {
            error(key, raw, e.getMessage() + " (an AZ ID, not an AZ name such as ap-northeast-1a)");
            return null;
        }
    }

    public boolean bool(String key) {
        String raw = required(key);
        if (raw == null) {
            return false;
        }
        return switch (raw.toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                error(key, raw, "not a boolean; expected true or false");
                yield false;
            }
        };
    }

    public int integer(String key, int min, int max) {
        String raw = required(key);
        if (raw == null) {
            return min;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value < min || value > max) {
                error(key, raw, "out of range; expected an integer from " + min + " to " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            error(key, raw, "not an integer; expected an integer from " + min + " to " + max);
            return min;
        }
    }

    /** A list of strings, given as a JSON array (the Pulumi CLI's form for YAML lists). */
    public List<String> stringList(String key) {
        Optional<String> raw = optional(key);
        if (raw.isEmpty()) {
            return List.of();
        }
        try {
            List<Object> items = JSON.readValue(raw.get(), new TypeReference<List<Object>>() { });
            List<String> strings = new ArrayList<>();
            for (Object item : items) {
                if (!(item instanceof String s)) {
                    error(key, raw.get(), "item " + item + " is not a string; expected a list of strings");
                    return List.of();
                }
                strings.add(s.trim());
            }
            return List.copyOf(strings);
        } catch (Exception e) {
            error(key, raw.get(), "not a list; expected a YAML list of strings, or JSON such as [\"a\",\"b\"]");
            return List.of();
        }
    }

    public void error(String key, String value, String problem) {
        errors.add(new SettingError(qualified(key), value, problem));
    }

    /**
     * Two keys that must differ hold the same value. Which one the user changed is unknowable here (the engine
     * hands over defaults and explicit values alike), so the error names both, each with its value.
     */
    public void clash(String key, String otherKey, String value, String rule) {
        errors.add(new SettingError(qualified(key) + " and " + qualified(otherKey), value,
                "both are " + value + "; " + rule + ": change whichever of the two you meant to move"));
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public List<SettingError> errors() {
        return List.copyOf(errors);
    }

    /** Every key this reader was asked for, so a test can hold Pulumi.yaml to the code. */
    public Set<String> keysRead() {
        return Set.copyOf(keysRead);
    }

    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw new InvalidSettingsException(errors);
        }
    }
}
