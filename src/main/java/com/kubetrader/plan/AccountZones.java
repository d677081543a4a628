package com.kubetrader.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The zones one account can use in one region: AZ ID to that account's AZ name. */
public record AccountZones(String region, Map<AzId, String> namesById) {

    public AccountZones {
        namesById = Collections.unmodifiableMap(new TreeMap<>(namesById));
    }

    /** From the parallel lists that getAvailabilityZones returns. */
    public static AccountZones fromLookup(String region, List<String> zoneIds, List<String> names) {
        if (zoneIds.size() != names.size()) {
            throw new IllegalArgumentException("zone lookup returned " + zoneIds.size() + " IDs but "
                    + names.size() + " names");
        }
        Map<AzId, String> byId = new LinkedHashMap<>();
        for (int i = 0; i < zoneIds.size(); i++) {
            byId.put(AzId.of(zoneIds.get(i)), names.get(i));
        }
        return new AccountZones(region, byId);
    }

    public Optional<String> nameOf(AzId id) {
        return Optional.ofNullable(namesById.get(id));
    }

    public String describeAvailable() {
        return namesById.entrySet().stream()
                .map(e -> e.getKey() + " (" + e.getValue() + ")")
                .reduce((a, b) -> a + ", " + b)
                .orElse("none");
    }
}
