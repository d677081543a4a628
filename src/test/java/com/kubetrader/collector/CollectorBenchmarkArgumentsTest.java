package com.kubetrader.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** bench/collector-bench.sh and the CollectorBenchmark it runs: a bad argument is named, never a stack trace. */
@Timeout(60)
class CollectorBenchmarkArgumentsTest {

    @TempDir
    Path dir;

    private Process run(List<String> command) throws Exception {
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile()).start();
    }

    private String output() throws Exception {
        return Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
    }

    @Nested
    class TheScript {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = ';', value = {
            "abc; seconds per run 'abc' is not valid; expected a whole number from 3 to 3600",
            "8 0; repeats '0' is not valid; expected a whole number from 1 to 100",
            "8 3 1000 lots; rate 'lots' is not valid",
            "--seconds 8; unknown option '--seconds'"})
        void refusesABadArgumentWithExitTwoNamingItBeforeBuildingAnything(String args, String message)
                throws Exception {
            List<String> command = new java.util.ArrayList<>(List.of("bash", "bench/collector-bench.sh"));
            command.addAll(List.of(args.split(" ")));
            Process p = run(command);
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(2);
            assertThat(output()).startsWith("error: " + message).contains("--help").doesNotContain("\tat ")
                    .doesNotContain("Exception");
        }

        @Test
        void printsItsUsageWithHelpAndExitsZero() throws Exception {
            Process p = run(List.of("bash", "bench/collector-bench.sh", "--help"));
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
            assertThat(output()).contains("Usage: bench/collector-bench.sh [seconds per run] [repeats] [rate ...]")
                    .contains("Exit codes:").doesNotContain("set -euo");
        }
    }

    @Nested
    class TheBenchmarkItself {

        @Test
        void namesABadNumberOnOneErrorLineWithExitTwoAndNoStackTrace() throws Exception {
            Path jar = Files.writeString(dir.resolve("stream-trades.jar"), "stand-in");
            Process p = run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), CollectorBenchmark.class.getName(), "--jar",
                    jar.toString(), "--work", dir.resolve("work").toString(), "--seconds", "eight"));
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(2);
            assertThat(output()).startsWith("error: --seconds 'eight' is not valid; expected a whole number from 3 to "
                    + "3600").doesNotContain("\tat ").doesNotContain("Exception");
        }
    }
}
