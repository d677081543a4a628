package com.kubetrader.plan.fleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * target/stream-trades.jar is built by {@code ./mvnw package}, after the tests. A real run (the
 * program started from the packaged jar) must upload it, so its absence is an error there; an
 * offline run from compiled classes (the tests) only declares the upload, so absence is fine.
 */
public final class CollectorJar {

    public static final String RELATIVE_PATH = "target/stream-trades.jar";

    private CollectorJar() {
    }

    public static Optional<String> problem(Path projectDir, boolean runningFromPackagedJar) {
        Path jar = projectDir.resolve(RELATIVE_PATH);
        if (!runningFromPackagedJar || Files.isRegularFile(jar)) {
            return Optional.empty();
        }
        return Optional.of("the benchmark fleet uploads the collector, but " + RELATIVE_PATH + " does not exist in "
                + projectDir.toAbsolutePath().normalize() + ". Run ./mvnw package (it builds both jars) before "
                + "pulumi preview or pulumi up, or switch the fleet off with pulumi config set kubetrader:benchmarkEnabled false.");
    }
}
