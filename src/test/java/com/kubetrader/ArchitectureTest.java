package com.kubetrader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The layout is the architecture: these rules keep it that way. */
class ArchitectureTest {

    static final Path MAIN = Path.of("src/main/java/com/kubetrader");
    static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    static List<String> importsUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java")).flatMap(file -> {
                try {
                    Matcher m = IMPORT.matcher(Files.readString(file));
                    return m.results().map(r -> dir.relativize(file) + ": " + r.group(2)).toList().stream();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    static final Pattern REFERENCE = Pattern.compile("com\\.kubetrader\\.((?:[a-z]\\w*\\.)*)[A-Z]");

    /**
     * Package to the packages its sources name (imports and fully qualified references alike), for every package
     * under com.kubetrader; {@code depth} 1 groups by top-level package (cli, offline, plan...), 2 splits plan
     * into its parts.
     */
    static java.util.Map<String, java.util.Set<String>> dependencies(int depth) throws IOException {
        java.util.Map<String, java.util.Set<String>> graph = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String from = packageOf(MAIN.relativize(file.getParent()).toString().replace('/', '.'), depth);
                Matcher m = REFERENCE.matcher(Files.readString(file));
                while (m.find()) {
                    String to = packageOf(m.group(1).isEmpty() ? "" : m.group(1).substring(0, m.group(1).length() - 1),
                            depth);
                    if (!to.equals(from)) {
                        graph.computeIfAbsent(from, k -> new java.util.TreeSet<>()).add(to);
                    }
                }
            }
        }
        return graph;
    }

    static String packageOf(String relative, int depth) {
        String[] parts = relative.isEmpty() ? new String[] {"(root)"} : relative.split("\\.");
        return String.join(".", java.util.Arrays.asList(parts).subList(0, Math.min(depth, parts.length)));
    }

    /** A cycle in the graph as "a -> b -> a", or null. */
    static String cycle(java.util.Map<String, java.util.Set<String>> graph) {
        java.util.Map<String, Integer> state = new java.util.HashMap<>();
        java.util.Deque<String> path = new java.util.ArrayDeque<>();
        for (String start : graph.keySet()) {
            String found = visit(start, graph, state, path);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String visit(String node, java.util.Map<String, java.util.Set<String>> graph,
                                java.util.Map<String, Integer> state, java.util.Deque<String> path) {
        Integer s = state.get(node);
        if (s != null && s == 2) {
            return null;
        }
        path.addLast(node);
        if (s != null && s == 1) {
            List<String> p = List.copyOf(path);
            return String.join(" -> ", p.subList(p.indexOf(node), p.size()));
        }
        state.put(node, 1);
        for (String next : graph.getOrDefault(node, java.util.Set.of())) {
            String found = visit(next, graph, state, path);
            if (found != null) {
                return found;
            }
        }
        state.put(node, 2);
        path.removeLast();
        return null;
    }

    @Test
    void noTwoPackagesDependOnEachOtherThroughAnyPath() throws IOException {
        var graph = dependencies(1);
        assertThat(graph).containsKeys("cli", "offline", "stack").containsEntry("rehearsal", java.util.Set.of("analysis", "output"));
        assertThat(cycle(graph)).as("package dependencies: " + graph).isNull();
    }

    @Test
    void thePartsOfPlanDependOnEachOtherInOneDirectionOnly() throws IOException {
        var graph = dependencies(2);
        assertThat(graph).containsKeys("plan.network", "plan.fleet", "plan.settings", "plan.cost");
        assertThat(cycle(graph)).as("package dependencies: " + graph).isNull();
    }

    @Test
    void theCycleFinderFindsACycle() {
        assertThat(cycle(new java.util.TreeMap<>(java.util.Map.of("a", java.util.Set.of("b"), "b",
                java.util.Set.of("c"), "c", java.util.Set.of("a"))))).isEqualTo("a -> b -> c -> a");
        assertThat(cycle(java.util.Map.of("a", java.util.Set.of("b"), "b", java.util.Set.of()))).isNull();
    }

    @Test
    void thePlanPackageDecidesEverythingWithoutPulumi() throws IOException {
        List<String> imports = importsUnder(MAIN.resolve("plan"));
        assertThat(imports).isNotEmpty();
        assertThat(imports).noneMatch(i -> i.contains(": com.pulumi"));
    }

    @Test
    void thePlanPackageAlsoAvoidsFullyQualifiedPulumiReferences() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN.resolve("plan"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".java"))).allSatisfy(file ->
                    assertThat(Files.readString(file)).as(file.toString()).doesNotContain("com.pulumi."));
        }
    }
}
