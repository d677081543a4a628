package com.kubetrader.offline;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One resource as the program registered it: what a reviewer of {@code pulumi preview} sees.
 * {@code readId} is set for a resource read rather than managed (an adopted EIP); {@code id} is
 * the ID the (simulated) provider gave a custom resource, empty for components, so the inputs
 * that reference other resources (subnetId, routeTableId, ...) can be resolved to them.
 */
public record PlannedResource(String urn, String type, String name, String parentUrn, boolean custom,
                              boolean protect, boolean retainOnDelete, Optional<String> readId,
                              Map<String, Object> inputs, Optional<String> id, List<String> ignoreChanges,
                              boolean deleteBeforeReplace, List<String> dependsOn) {

    /** A resource that is replaced create-before-delete and depends on nothing beyond its inputs. */
    public PlannedResource(String urn, String type, String name, String parentUrn, boolean custom, boolean protect,
                           boolean retainOnDelete, Optional<String> readId, Map<String, Object> inputs,
                           Optional<String> id, List<String> ignoreChanges) {
        this(urn, type, name, parentUrn, custom, protect, retainOnDelete, readId, inputs, id, ignoreChanges, false,
                List.of());
    }

    /** A resource that ignores no changes. */
    public PlannedResource(String urn, String type, String name, String parentUrn, boolean custom, boolean protect,
                           boolean retainOnDelete, Optional<String> readId, Map<String, Object> inputs,
                           Optional<String> id) {
        this(urn, type, name, parentUrn, custom, protect, retainOnDelete, readId, inputs, id, List.of());
    }

    public PlannedResource {
        ignoreChanges = ignoreChanges == null ? List.of() : List.copyOf(ignoreChanges);
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        inputs = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(inputs));
        id = id == null ? Optional.empty() : id;
    }

    public PlannedResource(String urn, String type, String name, String parentUrn, boolean custom,
                           boolean protect, boolean retainOnDelete, Optional<String> readId,
                           Map<String, Object> inputs) {
        this(urn, type, name, parentUrn, custom, protect, retainOnDelete, readId, inputs, readId);
    }

    @SuppressWarnings("unchecked")
    public <T> T input(String key) {
        return (T) inputs.get(key);
    }

    public String inputText(String key) {
        Object value = inputs.get(key);
        return value == null ? null : value.toString();
    }

    /** The parent's type, read from the chain in this resource's URN. */
    public Optional<String> parentType() {
        String qualifiedType = urn.split("::")[2];
        int last = qualifiedType.lastIndexOf('$');
        if (last < 0) {
            return Optional.empty();
        }
        String chain = qualifiedType.substring(0, last);
        return Optional.of(chain.substring(chain.lastIndexOf('$') + 1));
    }
}
