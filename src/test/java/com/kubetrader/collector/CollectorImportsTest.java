package com.kubetrader.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** stream-trades.jar holds only this package, so any library import would break it at run time. */
class CollectorImportsTest {

    private static final Path PACKAGE = Path.of("src/main/java/com/kubetrader/collector");

    @Test
    void collectorPackageImportsNothingButJavaAndJavaxAndItsOwnPackage() throws IOException {
        List<String> offending = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(PACKAGE)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(sources).hasSizeGreaterThan(10);
        for (Path source : sources) {
            for (String line : Files.readAllLines(source)) {
                String trimmed = line.trim();
                if (!trimmed.startsWith("import ")) {
                    continue;
                }
                String name = trimmed.replaceFirst("^import\\s+(static\\s+)?", "");
                if (!(name.startsWith("java.") || name.startsWith("javax.")
                        || name.startsWith("com.kubetrader.collector."))) {
                    offending.add(source.getFileName() + ": " + trimmed);
                }
            }
        }
        assertThat(offending).isEmpty();
    }

    @Test
    void noSourceInThePackageReachesOutsideItByFullyQualifiedName() throws IOException {
        try (Stream<Path> files = Files.walk(PACKAGE)) {
            for (Path source : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                assertThat(Files.readString(source)).as(source.toString())
                        .doesNotContainPattern("com\\.kubetrader\\.(?!collector)")
                        .doesNotContain("com.fasterxml").doesNotContain("picocli").doesNotContain("org.");
            }
        }
    }
}
