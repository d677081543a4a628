package com.kubetrader.offline;

import com.kubetrader.plan.aws.AwsCatalog;
import com.kubetrader.plan.aws.DeclaredInput;
import com.kubetrader.plan.aws.Declarations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the program actually declared, as {@link DeclaredInput}s in the AWS catalog's input paths: {@code a.b} for
 * nested objects, {@code a[]} for each list element, {@code tags{}key} / {@code tags{}value} for each tag and
 * {@code tags{}} for the set. The provider's default tags are merged into the types that take them, as the provider
 * does. Read resources (an adopted EIP) send nothing and are left out.
 */
public final class RecordedInputs {

    /** How Pulumi's wire format marks an asset (a file upload's source). */
    static final String ASSET_SIGNATURE = "4dabf18193072939515e22adb298388d";

    private RecordedInputs() {
    }

    public static List<DeclaredInput> of(List<PlannedResource> resources, AwsCatalog catalog,
                                         Map<String, String> defaultTags) {
        List<DeclaredInput> out = new ArrayList<>();
        for (PlannedResource r : resources) {
            if (!r.custom() || r.readId().isPresent()) {
                continue;
            }
            Map<String, Object> inputs = new LinkedHashMap<>(r.inputs());
            if (catalog.takesDefaultTags(r.type())) {
                Map<String, Object> tags = new LinkedHashMap<>(defaultTags);
                if (inputs.get("tags") instanceof Map<?, ?> own) {
                    own.forEach((k, v) -> tags.put(String.valueOf(k), v));
                }
                if (!tags.isEmpty()) {
                    inputs.put("tags", tags);
                }
            }
            inputs.forEach((key, value) -> flatten(r, key, value, out, tagOrigins(r, defaultTags)));
            catalog.autoName(r.type()).filter(auto -> !inputs.containsKey(auto.input())).ifPresent(auto -> {
                String physical = r.name() + "-" + "a".repeat(auto.randomSuffix());
                out.add(new DeclaredInput(r.type(), r.name(), auto.input(), auto.lowerCase()
                        ? physical.toLowerCase(java.util.Locale.ROOT) : physical, Optional.empty(), true));
            });
        }
        return out;
    }

    /** Which tag keys came only from the provider's default tags (a violation there names aws:defaultTags). */
    private static Map<String, Boolean> tagOrigins(PlannedResource r, Map<String, String> defaultTags) {
        Map<String, Boolean> fromDefaults = new LinkedHashMap<>();
        defaultTags.keySet().forEach(k -> fromDefaults.put(k, true));
        if (r.inputs().get("tags") instanceof Map<?, ?> own) {
            own.keySet().forEach(k -> fromDefaults.put(String.valueOf(k), false));
        }
        return fromDefaults;
    }

    private static void flatten(PlannedResource r, String path, Object value, List<DeclaredInput> out,
                                Map<String, Boolean> fromDefaults) {
        if (value == null) {
            return;
        }
        if (value instanceof Map<?, ?> map && map.containsKey(ASSET_SIGNATURE)) {
            out.add(DeclaredInput.of(r.type(), r.name(), path, "(a file asset: " + map.get("path") + ")"));
            return;
        }
        if (value instanceof Map<?, ?> map) {
            if (path.equals("tags") || path.endsWith(".tags")) {
                out.add(DeclaredInput.of(r.type(), r.name(), path + "{}", map));
                map.forEach((k, v) -> {
                    boolean byDefault = path.equals("tags") && fromDefaults.getOrDefault(String.valueOf(k), false);
                    DeclaredInput key = DeclaredInput.of(r.type(), r.name(), path + "{}key", String.valueOf(k));
                    DeclaredInput val = DeclaredInput.of(r.type(), r.name(), path + "{}value", scalar(v));
                    out.add(byDefault ? key.fromConfig(Declarations.DEFAULT_TAGS_KEY) : key);
                    out.add(byDefault ? val.fromConfig(Declarations.DEFAULT_TAGS_KEY) : val);
                });
                return;
            }
            map.forEach((k, v) -> flatten(r, path + "." + k, v, out, fromDefaults));
            return;
        }
        if (value instanceof List<?> list) {
            for (Object element : list) {
                flatten(r, path + "[]", element, out, fromDefaults);
            }
            return;
        }
        out.add(DeclaredInput.of(r.type(), r.name(), path, scalar(value)));
    }

    /** Numbers arrive from the engine as doubles; whole ones are compared as the longs the program wrote. */
    static Object scalar(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return d.longValue();
        }
        return value;
    }

    /** A readable summary, for a test's failure message. */
    static Optional<String> describe(DeclaredInput in) {
        return Optional.of(in.type() + " " + in.resource() + " " + in.input() + " = " + in.value());
    }
}
