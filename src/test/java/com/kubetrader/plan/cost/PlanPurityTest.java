package com.kubetrader.plan.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PlanPurityTest {

    @Test
    void theCostModelImportsNothingFromPulumi() throws Exception {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/com/kubetrader/plan/cost"))) {
            List<Path> sources = files.filter(p -> p.toString().endsWith(".java")).toList();
            assertThat(sources).isNotEmpty();
            for (Path source : sources) {
                assertThat(Files.readString(source)).as(source.toString()).doesNotContain("com.pulumi", "com.kubetrader.offline");
            }
        }
    }
}
