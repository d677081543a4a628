package com.kubetrader.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleJarGuardTest {

    @TempDir
    Path project;
    Path jar;
    Path source;
    final Instant built = Instant.parse("2026-11-01T12:00:00Z");

    @BeforeEach
    void aProjectWithABuiltJar() throws IOException {
        Files.writeString(project.resolve("pom.xml"), "<project/>");
        source = project.resolve("src/main/java/App.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class App {}");
        jar = project.resolve("target/kubetrader.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "jar");
        Files.setLastModifiedTime(project.resolve("pom.xml"), FileTime.from(built.minusSeconds(60)));
        Files.setLastModifiedTime(source, FileTime.from(built.minusSeconds(60)));
        Files.setLastModifiedTime(jar, FileTime.from(built));
    }

    @Test
    void aJarNewerThanEverySourceIsFine() {
        assertThat(StaleJarGuard.newerSource(jar, project)).isEmpty();
    }

    @Test
    void aSourceEditedAfterTheBuildMakesTheJarStale() throws IOException {
        Files.setLastModifiedTime(source, FileTime.from(built.plusSeconds(1)));
        assertThat(StaleJarGuard.newerSource(jar, project)).contains(source);
    }

    @Test
    void aChangedPomMakesTheJarStale() throws IOException {
        Files.setLastModifiedTime(project.resolve("pom.xml"), FileTime.from(built.plusSeconds(1)));
        assertThat(StaleJarGuard.newerSource(jar, project)).contains(project.resolve("pom.xml"));
    }

    @Test
    void outsideAProjectThereIsNothingToCompare() throws IOException {
        Files.delete(project.resolve("pom.xml"));
        Files.setLastModifiedTime(source, FileTime.from(built.plusSeconds(1)));
        assertThat(StaleJarGuard.newerSource(jar, project)).isEmpty();
    }
}
