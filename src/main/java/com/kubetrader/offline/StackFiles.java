package com.kubetrader.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a stack's config the way the Pulumi CLI does: Pulumi.yaml's declared defaults, then
 * Pulumi.&lt;stack&gt;.yaml, then overrides. Scalars become strings and lists or maps become JSON
 * text, which is exactly what a program sees under {@code pulumi up}.
 */
public final class StackFiles {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String projectName;
    private final Map<String, JsonNode> declared;

    private StackFiles(String projectName, Map<String, JsonNode> declared) {
        this.projectName = projectName;
        this.declared = declared;
    }

    /** Reads Pulumi.yaml in projectDir. */
    public static StackFiles load(Path projectDir) {
        JsonNode project = readYaml(projectDir.resolve("Pulumi.yaml"));
        String name = project.path("name").asText(null);
        if (name == null) {
            throw new StackFileException(projectDir.resolve("Pulumi.yaml") + " has no project name");
        }
        Map<String, JsonNode> declared = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> keys = project.path("config").fields();
        while (keys.hasNext()) {
            Map.Entry<String, JsonNode> key = keys.next();
            declared.put(key.getKey().contains(":") ? key.getKey() : name + ":" + key.getKey(), key.getValue());
        }
        return new StackFiles(name, declared);
    }

    public String projectName() {
        return projectName;
    }

    /** The project keys Pulumi.yaml declares, fully qualified, with their schema. */
    public Map<String, JsonNode> declaredKeys() {
        return declared;
    }

    /** Config for a stack: defaults, then the stack file, then overrides (fully qualified keys). */
    public Map<String, String> config(Path projectDir, String stack, Map<String, String> overrides) {
        Map<String, String> config = new TreeMap<>();
        declared.forEach((key, schema) -> {
            if (schema.has("default")) {
                config.put(key, text(schema.get("default")));
            } else if (!schema.isObject()) {
                config.put(key, text(schema)); // a plain value, not a schema
            }
        });
        Path stackFile = projectDir.resolve("Pulumi." + stack + ".yaml");
        if (!Files.isRegularFile(stackFile)) {
            throw new StackFileException("no stack file " + stackFile + " for stack '" + stack + "'");
        }
        Iterator<Map.Entry<String, JsonNode>> values = readYaml(stackFile).path("config").fields();
        while (values.hasNext()) {
            Map.Entry<String, JsonNode> entry = values.next();
            String key = entry.getKey().contains(":") ? entry.getKey() : projectName + ":" + entry.getKey();
            JsonNode value = entry.getValue();
            if (key.startsWith(projectName + ":") && !declared.containsKey(key)) {
                // Pulumi would pass it along and the program would never read it: a typo that silently does nothing.
                throw new StackFileException(stackFile + ": " + key + " is not a key Pulumi.yaml declares"
                        + com.kubetrader.plan.settings.Suggest.nearest(key, declared.keySet()).map(k -> "; did you mean " + k + "?")
                                .orElse("; Pulumi.yaml's config section lists every key with its description"));
            }
            if (value.isObject() && value.has("secure")) {
                throw new StackFileException(stackFile + ": " + key + " is a secret, which the offline plan cannot decrypt");
            }
            config.put(key, text(value));
        }
        config.putAll(overrides);
        return config;
    }

    private static String text(JsonNode node) {
        if (node.isContainerNode()) {
            try {
                return JSON.writeValueAsString(node);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return node.isNull() ? "" : node.asText();
    }

    private static JsonNode readYaml(Path file) {
        try {
            JsonNode node = YAML.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new StackFileException(file + " is empty or not a YAML mapping");
            }
            return node;
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new StackFileException("no such file: " + file);
        } catch (IOException e) {
            throw new StackFileException(file + " is not valid YAML: " + e.getMessage());
        }
    }

    /** A problem with Pulumi.yaml or a stack file, told in one line. */
    public static final class StackFileException extends RuntimeException {
        public StackFileException(String message) {
            super(message);
        }
    }
}
