package com.kubetrader.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One IAM policy statement; {@code condition} is operator to key to values, empty for none. */
public record IamStatement(String sid, String effect, List<String> actions, List<String> resources,
                           Map<String, Map<String, List<String>>> condition) {

    public IamStatement {
        actions = List.copyOf(actions);
        resources = List.copyOf(resources);
        // In the order given: Map.copyOf would iterate differently in every JVM, and so would the JSON.
        condition = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(condition));
    }

    public static IamStatement allow(String sid, List<String> actions, List<String> resources) {
        return new IamStatement(sid, "Allow", actions, resources, Map.of());
    }

    /** The statement as a JSON-ready map, keys in IAM's usual order. */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("Sid", sid);
        json.put("Effect", effect);
        json.put("Action", actions);
        json.put("Resource", resources);
        if (!condition.isEmpty()) {
            json.put("Condition", condition);
        }
        return json;
    }
}
