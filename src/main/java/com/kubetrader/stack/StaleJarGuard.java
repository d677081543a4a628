package com.kubetrader.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Pulumi runs target/kubetrader.jar directly (the Java runtime's binary option), so an edit
 * without a rebuild would deploy the old program. This refuses to run when any source is
 * newer than the jar.
 */
public final class StaleJarGuard {

    private StaleJarGuard() {
    }

    public static void refuseIfStale(Class<?> anchor) {
        // Running from classes (tests, IDE) there is no jar, so nothing to be stale.
        packagedJar(anchor).ifPresent(jar -> newerSource(jar, Path.of("").toAbsolutePath()).ifPresent(source -> {
            System.err.println("error: " + jar + " is older than " + source
                    + ".\nRun ./mvnw package to rebuild it before pulumi preview or pulumi up.");
            System.exit(1);
        }));
    }

    /** The jar {@code anchor} was loaded from, or empty when it runs from compiled classes. */
    public static Optional<Path> packagedJar(Class<?> anchor) {
        try {
            Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(location) ? Optional.of(location) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** The first build input under projectDir that is newer than the jar, if any. */
    public static Optional<Path> newerSource(Path jar, Path projectDir) {
        if (!Files.isRegularFile(projectDir.resolve("pom.xml"))) {
            return Optional.empty(); // not run from the project: no sources to compare with
        }
        try {
            FileTime built = Files.getLastModifiedTime(jar);
            try (Stream<Path> inputs = Stream.concat(Stream.of(projectDir.resolve("pom.xml")),
                    walk(projectDir.resolve("src").resolve("main")))) {
                return inputs.filter(p -> isNewer(p, built)).findFirst();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Path> walk(Path dir) throws IOException {
        return Files.isDirectory(dir) ? Files.walk(dir).filter(Files::isRegularFile) : Stream.empty();
    }

    private static boolean isNewer(Path file, FileTime built) {
        try {
            return Files.getLastModifiedTime(file).compareTo(built) > 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
