package com.kubetrader.offline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole plan as one JSON document, every resource with its full inputs, in a stable order
 * (resources by URN, object keys sorted, whole numbers as integers): two runs of the same
 * program give byte-identical text, so CI can diff the plans of two commits.
 */
public final class PlanJson {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    private PlanJson() {
    }

    public static String render(OfflineRun.Result result, Map<String, String> azNamesById) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("stack", result.stack());
        doc.put("account", normalize(Map.of("id", SimulatedAccount.ACCOUNT_ID, "region", SimulatedAccount.REGION,
                "azNamesById", azNamesById)));
        List<Object> resources = new ArrayList<>();
        for (PlannedResource r : new ResourceGraph(result.resources(), azNamesById).resources()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("urn", r.urn());
            entry.put("type", r.type());
            entry.put("name", r.name());
            entry.put("parent", r.parentUrn() == null || r.parentUrn().isEmpty() ? null : r.parentUrn());
            entry.put("custom", r.custom());
            entry.put("protect", r.protect());
            entry.put("retainOnDelete", r.retainOnDelete());
            if (r.deleteBeforeReplace()) {
                entry.put("deleteBeforeReplace", true);
            }
            if (!r.dependsOn().isEmpty()) {
                entry.put("dependencies", r.dependsOn().stream().sorted().toList());
            }
            if (!r.ignoreChanges().isEmpty()) {
                entry.put("ignoreChanges", r.ignoreChanges());
            }
            r.readId().ifPresent(id -> entry.put("readId", id));
            // the simulated ID other resources' inputs refer to: a diff follows a replacement through it
            r.id().filter(id -> r.custom()).ifPresent(id -> entry.put("id", id));
            entry.put("inputs", normalize(r.inputs()));
            resources.add(entry);
        }
        doc.put("resources", resources);
        doc.put("outputs", normalize(result.outputs()));
        // the settings the plan was made from: a diff reads the acknowledgement keys and the stack's VPC from here
        Map<String, Object> config = new TreeMap<>();
        result.config().forEach((k, v) -> {
            if (k.startsWith("kubetrader:") || k.startsWith("aws:")) {
                config.put(k, v);
            }
        });
        doc.put("config", config);
        return write(doc);
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the plan as JSON", e);
        }
    }

    /** Maps sorted by key, whole doubles as longs, recursively. */
    static Object normalize(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), normalize(v)));
            return sorted;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(PlanJson::normalize).toList();
        }
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return d.longValue();
        }
        return value;
    }
}
