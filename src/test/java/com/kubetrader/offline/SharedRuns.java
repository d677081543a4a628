package com.kubetrader.offline;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Offline runs of the real program against the simulated account, shared by every test class in the JVM: the same
 * stack and settings always plan the same, and a mock-engine run costs a few hundred milliseconds.
 */
public final class SharedRuns {

    private static final Map<List<String>, OfflineRun.Result> CACHE = new ConcurrentHashMap<>();

    private SharedRuns() {
    }

    /** The stack with these overrides (key, value, key, value...), from the project's files. */
    public static OfflineRun.Result of(String stack, String... overrides) {
        Map<String, String> config = new LinkedHashMap<>();
        for (int i = 0; i < overrides.length; i += 2) {
            config.put(overrides[i], overrides[i + 1]);
        }
        // keyed by the config the program sees (the stack file, Pulumi.yaml's defaults, the overrides), so runs
        // that spell the same stack differently (a default given explicitly, another order) are one run
        List<String> key = new java.util.ArrayList<>(List.of(stack));
        new java.util.TreeMap<>(FILES.config(Path.of(""), stack, config)).forEach((k, v) -> {
            key.add(k);
            key.add(v);
        });
        return CACHE.computeIfAbsent(List.copyOf(key), k -> OfflineRun.run(Path.of(""), stack, config,
                new SimulatedAccount()));
    }

    private static final StackFiles FILES = StackFiles.load(Path.of(""));
}
