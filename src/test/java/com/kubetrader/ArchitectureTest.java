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
