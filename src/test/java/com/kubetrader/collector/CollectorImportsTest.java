package com.kubetrader.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * stream-trades.jar holds only this package and com.kubetrader.output (the output rules' lock and signal handling),
 * so any library import, or any other of our packages, would break it at run time.
 */
class CollectorImportsTest {

    private static final Path PACKAGE = Path.of("src/main/java/com/kubetrader/collector");
    private static final Path OUTPUT = Path.of("src/main/java/com/kubetrader/output");

    private static List<Path> sources() throws IOException {
        List<Path> sources = new ArrayList<>();
        for (Path dir : List.of(PACKAGE, OUTPUT)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
            }
        }
        return sources;
    }

    @Test
    void theJarsPackagesImportNothingButJavaAndJavaxAndEachOther() throws IOException {
        List<String> offending = new ArrayList<>();
        List<Path> sources = sources();
        assertThat(sources).hasSizeGreaterThan(12);
        for (Path source : sources) {
            for (String line : Files.readAllLines(source)) {
                String trimmed = line.trim();
                if (!trimmed.startsWith("import ")) {
                    continue;
                }
                String name = trimmed.replaceFirst("^import\\s+(static\\s+)?", "");
                if (!(name.startsWith("java.") || name.startsWith("javax.")
                        || name.startsWith("com.kubetrader.collector.") || name.startsWith("com.kubetrader.output."))) {
                    offending.add(source.getFileName() + ": " + trimmed);
                }
            }
        }
        assertThat(offending).isEmpty();
    }

    @Test
    void noSourceReachesOutsideThemByFullyQualifiedName() throws IOException {
        for (Path source : sources()) {
            assertThat(Files.readString(source)).as(source.toString())
                    .doesNotContainPattern("com\\.kubetrader\\.(?!collector|output)")
                    .doesNotContain("com.fasterxml").doesNotContain("picocli").doesNotContain("org.");
        }
    }
}
