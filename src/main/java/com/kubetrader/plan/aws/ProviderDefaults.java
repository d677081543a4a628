package com.kubetrader.plan.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.kubetrader.plan.settings.SettingsReader;
import java.util.LinkedHashMap;
import java.util.Map;

/** The provider's own settings that land on resources: {@code aws:defaultTags}. */
public final class ProviderDefaults {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProviderDefaults() {
    }

    /**
     * The tags {@code aws:defaultTags} puts on every taggable resource, as the stack file's
     * {@code aws:defaultTags: {tags: {...}}} gives them; empty when unset. A value that is not that shape is
     * reported on the reader, naming the key.
     */
    public static Map<String, String> defaultTags(SettingsReader in) {
        var raw = in.optional(Declarations.DEFAULT_TAGS_KEY);
        if (raw.isEmpty()) {
            return Map.of();
        }
        try {
            JsonNode root = JSON.readTree(raw.get());
            JsonNode tags = root == null ? null : root.path("tags");
            if (tags == null || !(tags.isObject() || tags.isMissingNode())) {
                throw new IllegalArgumentException("no tags mapping");
            }
            Map<String, String> out = new LinkedHashMap<>();
            tags.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isValueNode()
                    ? e.getValue().asText() : e.getValue().toString()));
            return out;
        } catch (Exception e) {
            in.error(Declarations.DEFAULT_TAGS_KEY, raw.get(), "not a default-tags setting; expected "
                    + "aws:defaultTags: {tags: {project: kubetrader, ...}} in the stack file");
            return Map.of();
        }
    }
}
