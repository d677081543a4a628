package com.kubetrader.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** bench/analyze-bench.sh checks its arguments and settings before it builds or generates anything. */
class AnalyzeBenchScriptTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    Run script(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", Path.of("bench/analyze-bench.sh").toAbsolutePath()
                .toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("BENCH_DIR", dir.resolve("bench").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, err);
    }

    @Test
    void printsItsUsageSettingsAndExitCodesForHelp() throws Exception {
        Run r = script(Map.of(), "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("On-demand benchmark of `kubetrader analyze`")
                .contains("TRADES (whole number >= 1)").contains("Exit codes: 0 done, 1 a step failed");
        assertThat(r.err()).isEmpty();
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of("an argument", Map.of(), List.of("1000"), "unexpected argument '1000'"),
                Arguments.of("TRADES not a number", Map.of("TRADES", "10M"), List.of(), "TRADES='10M' is not a whole number"),
                Arguments.of("TRADES zero", Map.of("TRADES", "0"), List.of(), "TRADES='0' is not a whole number"),
                Arguments.of("SYMBOLS negative", Map.of("SYMBOLS", "-3"), List.of(), "SYMBOLS='-3' is not a whole number"),
                Arguments.of("SYMBOLS too many", Map.of("SYMBOLS", "2000000"), List.of(), "SYMBOLS=2000000 is too many"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void refusesABadArgumentOrSettingWithOneErrorLineAndExitTwo(String name, Map<String, String> env,
                                                                 List<String> args, String message) throws Exception {
        Run r = script(env, args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ").contains(message).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(r.err().lines()).hasSize(1);
        assertThat(dir.resolve("bench")).as("nothing generated").doesNotExist();
    }
}
