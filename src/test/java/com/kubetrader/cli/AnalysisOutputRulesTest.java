package com.kubetrader.cli;

import static com.kubetrader.cli.FailurePathsTest.assertPlainMessage;
import static com.kubetrader.cli.FailurePathsTest.filesUnder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.kubetrader.analysis.SyntheticRun;
import com.kubetrader.analysis.SyntheticRun.Instance;
import com.kubetrader.analysis.SyntheticRun.Spec;
import com.kubetrader.output.OutputLock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** analyze, trend and rehearse keep docs/output-rules.md: one test per way a result used to be lost or spoilt. */
class AnalysisOutputRulesTest {

    static Path smallRun(Path run) throws IOException {
        SyntheticRun.write(run, Spec.of(List.of(
                Instance.of("i-a", "apne1-az4", "ap-northeast-1a", 300, 20),
                Instance.of("i-b", "apne1-az1", "ap-northeast-1c", 900, 20)), 3, 50).withoutTruth());
        return run;
    }

    /** Cuts the file's last {@code bytes} bytes off, as a copy that stopped early leaves it. */
    static void truncate(Path file, int bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() - bytes);
        }
    }

    static long lines(Path file) throws IOException {
        try (Stream<String> s = Files.lines(file)) {
            return s.count();
        }
    }

    @Nested
    class TheHelp {

        static Stream<Arguments> commands() {
            return Stream.of(
                    Arguments.of("analyze", List.of("0", "1", "2", "75", "130", "143")),
                    Arguments.of("trend", List.of("0", "1", "2", "3", "75", "130", "143")),
                    Arguments.of("rehearse", List.of("0", "1", "2", "3", "75", "130", "143")));
        }

        @ParameterizedTest(name = "{0} --help lists exit codes {1} and --overwrite")
        @MethodSource("commands")
        void listsEveryExitCodeTheCommandCanReturnAndTheOverwriteFlag(String command, List<String> codes) {
            CliRun r = CliRun.of(command, "--help");
            assertThat(r.exit()).isZero();
            for (String code : codes) {
                assertThat(r.out()).as("exit code " + code).containsPattern("(?m)^\\s+" + code + "\\s{2,}\\S");
            }
            assertThat(r.out()).contains("--overwrite").contains("SIGINT").contains("SIGTERM");
        }
    }

    @Nested
    class AnalyzeIntoAnOutHoldingAnEarlierReport {

        @TempDir
        Path dir;

        @Test
        void isRefusedWithExitTwoNamingThePathAndTheFixAndTheReportIsUntouched() throws IOException {
            Path run = smallRun(dir.resolve("run"));
            Path report = dir.resolve("report");
            assertThat(CliRun.of("analyze", run.toString(), "--out", report.toString()).exit()).isZero();
            String summary = Files.readString(report.resolve("summary.json"));

            CliRun again = CliRun.of("analyze", run.toString(), "--out", report.toString());
            assertThat(again.exit()).as(again.err()).isEqualTo(2);
            assertThat(again.err()).startsWith("error: --out '" + report.toAbsolutePath() + "' already holds a report")
                    .contains("pass --overwrite to replace it once the new one is complete");
            assertPlainMessage(again.err());
            assertThat(Files.readString(report.resolve("summary.json"))).isEqualTo(summary);
            assertThat(filesUnder(dir)).noneMatch(f -> f.contains(".partial-") || f.endsWith(".lock"));
        }

        @Test
        void isReplacedWithOverwriteOnceTheNewOneIsComplete() throws IOException {
            Path run = smallRun(dir.resolve("run"));
            Path report = Files.createDirectories(dir.resolve("report"));
            Files.writeString(report.resolve("summary.json"), "{\"stale\": true}");
            CliRun r = CliRun.of("analyze", run.toString(), "--out", report.toString(), "--overwrite");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(Files.readString(report.resolve("summary.json"))).doesNotContain("stale");
            assertThat(filesUnder(dir)).noneMatch(f -> f.contains(".partial-") || f.contains(".old-")
                    || f.endsWith(".lock"));
        }

        @Test
        void anEmptyDirectoryIsNoEarlierReportAndIsWrittenInto() throws IOException {
            Path run = smallRun(dir.resolve("run"));
            Path report = Files.createDirectories(dir.resolve("report"));
            CliRun r = CliRun.of("analyze", run.toString(), "--out", report.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(report.resolve("report.md")).isNotEmptyFile();
        }
    }

    @Nested
    class TwoWritersAtOnce {

        @TempDir
        Path dir;

        @Test
        void theSecondAnalyzeIsRefusedWithSeventyFiveNamingTheHolderAndWritesNothing() throws IOException {
            Path run = smallRun(dir.resolve("run"));
            Path report = dir.resolve("report");
            try (OutputLock held = OutputLock.acquire(report, "--out")) {
                CliRun r = CliRun.of("analyze", run.toString(), "--out", report.toString(), "--overwrite");
                assertThat(r.exit()).as(r.err()).isEqualTo(OutputLock.EXIT_LOCKED).isEqualTo(75);
                assertThat(r.err()).startsWith("error: --out '" + report + "' is being written by another run (pid "
                        + ProcessHandle.current().pid() + " on ");
                assertPlainMessage(r.err());
                assertThat(report).doesNotExist();
            }
            assertThat(CliRun.of("analyze", run.toString(), "--out", report.toString()).exit())
                    .as("once the first has finished, the lock is free").isZero();
            assertThat(dir.resolve("report.lock")).doesNotExist();
        }

        @Test
        void theSecondTrendIsRefusedWithSeventyFive() throws IOException {
            smallRun(dir.resolve("runs/20261101T000000Z"));
            Path out = dir.resolve("trend");
            try (OutputLock held = OutputLock.acquire(out, "--out")) {
                CliRun r = CliRun.of("trend", dir.resolve("runs").toString(), "--out", out.toString());
                assertThat(r.exit()).as(r.err()).isEqualTo(75);
                assertThat(r.err()).contains("is being written by another run (pid ");
                assertThat(out).doesNotExist();
            }
        }

        @Test
        void theSecondRehearsalIsRefusedWithSeventyFiveBeforeStartingAnything() throws IOException {
            Path out = dir.resolve("out");
            try (OutputLock held = OutputLock.acquire(out, "--out")) {
                long start = System.nanoTime();
                CliRun r = CliRun.of("rehearse", "--out", out.toString(), "--collector-jar",
                        dir.resolve("never-started.jar").toString());
                assertThat(r.exit()).as(r.err()).isEqualTo(75);
                assertThat(r.err()).contains("is being written by another run (pid ");
                assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(5);
                assertThat(out).doesNotExist();
            }
        }
    }

    @Nested
    class ADamagedInput {

        @TempDir
        Path dir;

        static Stream<Arguments> damages() {
            return Stream.of(
                    Arguments.of("cut in the middle of its last line", 7),
                    Arguments.of("cut just after a field separator", 0));
        }

        @ParameterizedTest(name = "a trades.csv {0} is named with its file and line")
        @MethodSource("damages")
        void aTruncatedTradesCsvIsNamedWithItsFileAndLineAndExitTwo(String how, int cut) throws IOException {
            Path run = smallRun(dir.resolve("run"));
            Path trades = run.resolve("i-b/trades.csv");
            if (cut > 0) {
                truncate(trades, cut);
            } else {
                Files.writeString(trades, "SYM0001USDT,424242,", java.nio.file.StandardOpenOption.APPEND);
            }
            long lastLine = lines(trades);
            CliRun r = CliRun.of("analyze", run.toString(), "--out", dir.resolve("report").toString());
            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            assertThat(r.err().lines().filter(l -> l.startsWith("error:"))).as("one error line").singleElement()
                    .asString().startsWith("error: " + trades + ": line " + lastLine + ": has ")
                    .contains("the file is cut short or damaged").contains("copy the run again");
            assertPlainMessage(r.err());
            assertThat(filesUnder(dir)).noneMatch(f -> f.contains(".partial-") || f.endsWith(".lock")
                    || f.startsWith("report"));
        }
    }

    @Nested
    class ErrorsInWords {

        @TempDir
        Path dir;

        static Stream<Arguments> unwritablePaths() {
            return Stream.of(
                    Arguments.of("analyze --out under a file", List.of("analyze", "RUN", "--out", "FILE/report"),
                            "--out 'FILE/report': cannot create FILE", "choose a directory you can write in"),
                    Arguments.of("analyze --temp-dir under a file", List.of("analyze", "RUN", "--out", "DIR/report",
                            "--temp-dir", "FILE/spill"), "--temp-dir 'FILE/spill': cannot create DuckDB's spill "
                            + "directory there", "choose a --temp-dir you can write in"),
                    Arguments.of("trend --out under a file", List.of("trend", "RUNS", "--out", "FILE/trend"),
                            "--out 'FILE/trend': cannot create FILE", "choose a directory you can write in"),
                    Arguments.of("rehearse --out under a file", List.of("rehearse", "--out", "FILE/out"),
                            "--out 'FILE/out': cannot create FILE", "choose a directory you can write in"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("unwritablePaths")
        void anOutputThatCannotBeWrittenNamesThePathTheProblemAndTheFixWithoutAJavaClassName(String name,
                List<String> template, String problem, String fix) throws IOException {
            Path run = smallRun(dir.resolve("runs/20261101T000000Z"));
            Path file = Files.writeString(dir.resolve("plain-file"), "not a directory\n");
            String[] args = template.stream().map(a -> a.replace("RUNS", dir.resolve("runs").toString())
                    .replace("RUN", run.toString()).replace("FILE", file.toString())
                    .replace("DIR", dir.toString())).toArray(String[]::new);
            List<String> before = filesUnder(dir);
            CliRun r = CliRun.of(args);
            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            String error = r.err().lines().filter(l -> l.startsWith("error:")).findFirst().orElse(r.err());
            assertThat(error).contains(problem.replace("FILE", file.toString())).contains(fix)
                    .doesNotContain("java.").doesNotContain("Exception");
            assertPlainMessage(r.err());
            assertThat(filesUnder(dir)).isEqualTo(before);
        }
    }

    @Nested
    class TrendOverWindows {

        @TempDir
        Path dir;

        Path threeWindows() throws IOException {
            Path runs = dir.resolve("runs");
            for (String id : List.of("20261101T000000Z", "20261101T060000Z", "20261101T120000Z")) {
                smallRun(runs.resolve(id));
            }
            return runs;
        }

        @Test
        void reportsADamagedWindowAndAnalysesTheRestWithExitThree() throws IOException {
            Path runs = threeWindows();
            Path damaged = runs.resolve("20261101T060000Z/i-b/trades.csv");
            truncate(damaged, 7);
            Path out = dir.resolve("trend");
            CliRun r = CliRun.of("trend", runs.toString(), "--out", out.toString());
            assertThat(r.exit()).as(r.err()).isEqualTo(3);
            assertThat(r.err()).contains("trend: skipped damaged window 20261101T060000Z: " + damaged + ": line ")
                    .contains("1 damaged window(s) skipped, the trend covers the other 2");
            assertPlainMessage(r.err());
            JsonNode json = new ObjectMapper().readTree(out.resolve("trend.json").toFile());
            assertThat(json.get("windows")).extracting(w -> w.get("runId").asText())
                    .containsExactly("20261101T000000Z", "20261101T120000Z");
            assertThat(json.at("/skipped/0/runId").asText()).isEqualTo("20261101T060000Z");
            assertThat(Files.readString(out.resolve("trend.md"))).contains("## Skipped windows")
                    .contains("- 20261101T060000Z: " + damaged);
            assertThat(out.resolve("windows/20261101T060000Z")).doesNotExist();
        }

        @Test
        void listsExitCodeThreeInItsHelp() {
            CliRun r = CliRun.of("trend", "--help");
            assertThat(r.out()).containsPattern("(?m)^  3 +done, but damaged windows were skipped");
        }

        @Test
        void refusesItsEarlierOutputWithoutOverwriteAndReusesItAsTheCacheWithIt() throws IOException {
            Path runs = threeWindows();
            Path out = dir.resolve("trend");
            assertThat(CliRun.of("trend", runs.toString(), "--out", out.toString()).exit()).isZero();
            String before = Files.readString(out.resolve("trend.json"));

            CliRun refused = CliRun.of("trend", runs.toString(), "--out", out.toString());
            assertThat(refused.exit()).as(refused.err()).isEqualTo(2);
            assertThat(refused.err()).contains("already holds a trend from an earlier run")
                    .contains("pass --overwrite");
            assertThat(Files.readString(out.resolve("trend.json"))).isEqualTo(before);

            CliRun again = CliRun.of("trend", runs.toString(), "--out", out.toString(), "--overwrite");
            assertThat(again.exit()).as(again.err()).isZero();
            assertThat(again.err()).contains("0 window(s) analysed, 3 taken from");
        }

        @Test
        void analysesAgainAWindowWhoseFileChangedButKeptItsSizeAndTime() throws IOException {
            Path runs = threeWindows();
            Path out = dir.resolve("trend");
            assertThat(CliRun.of("trend", runs.toString(), "--out", out.toString()).exit()).isZero();

            Path trades = runs.resolve("20261101T060000Z/i-a/trades.csv");
            FileTime time = Files.getLastModifiedTime(trades);
            long size = Files.size(trades);
            String text = Files.readString(trades);
            int digit = text.lastIndexOf(',') + 1; // the last row's latency_us: same width, another value
            char c = text.charAt(digit);
            Files.writeString(trades, text.substring(0, digit) + (c == '9' ? '8' : (char) (c + 1))
                    + text.substring(digit + 1));
            Files.setLastModifiedTime(trades, time);
            assertThat(Files.size(trades)).isEqualTo(size);
            assertThat(Files.getLastModifiedTime(trades)).isEqualTo(time);

            CliRun again = CliRun.of("trend", runs.toString(), "--out", out.toString(), "--overwrite");
            assertThat(again.exit()).as(again.err()).isZero();
            assertThat(again.err()).contains("window 20261101T060000Z: analysing")
                    .contains("1 window(s) analysed, 2 taken from");
        }
    }

    @Nested
    class CtrlC {

        @TempDir
        Path dir;

        /**
         * A run big enough to be stopped in its DuckDB phase: about 5 s at 1 GB and one thread on this machine. At
         * 256 MiB or less DuckDB runs out of memory on it within 2 to 4 s (exit 2), so the limit is the default's.
         */
        Path bigRun(Path run) throws IOException {
            SyntheticRun.write(run, Spec.of(List.of(
                    Instance.of("i-a", "apne1-az4", "ap-northeast-1a", 300, 20),
                    Instance.of("i-b", "apne1-az1", "ap-northeast-1c", 900, 20),
                    Instance.of("i-c", "apne1-az2", "ap-northeast-1d", 1400, 20)), 500, 1_500_000).withoutTruth());
            return run;
        }

        /** How the run ended, and the files under the test's directory at the moment the signal was sent. */
        record Stopped(int exit, String output, List<String> whileRunning) {
        }

        /** The files under {@code root} while a child writes and deletes in it: a walk that races a delete is retried. */
        static List<String> snapshot(Path root) throws IOException {
            for (int attempt = 1; ; attempt++) {
                try {
                    return filesUnder(root);
                } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
                    if (attempt == 5) {
                        throw e;
                    }
                }
            }
        }

        /**
         * Runs the jar's main in a real child JVM, as a user runs it, and sends it {@code signal} once a line
         * containing {@code when} shows it is at work, checking it holds the lock then.
         */
        Stopped stop(String signal, String when, Path out, String... args) throws Exception {
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path target = Path.of("target").toAbsolutePath();
            String cp = Files.isDirectory(target.resolve("lib"))
                    ? target.resolve("classes") + java.io.File.pathSeparator + target.resolve("lib") + "/*"
                    : System.getProperty("java.class.path");
            // as from a terminal: SIGINT not ignored, even when this build runs as a background job
            List<String> cmd = new ArrayList<>(com.kubetrader.output.ChildSignals.sigintRestored());
            cmd.addAll(List.of(javaBin, "-cp", cp, com.kubetrader.App.class.getName()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            List<String> output = new ArrayList<>();
            List<String> whileRunning = List.of();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                boolean sent = false;
                while ((line = r.readLine()) != null) {
                    output.add(line);
                    if (!sent && line.contains(when)) {
                        Thread.sleep(300);
                        assertThat(p.isAlive()).as("still at work: %s", output).isTrue();
                        assertThat(out.resolveSibling(out.getFileName() + ".lock")).as("it holds the lock").exists();
                        whileRunning = snapshot(dir);
                        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
                        sent = true;
                    }
                }
            }
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return new Stopped(p.exitValue(), String.join("\n", output), whileRunning);
        }

        /**
         * analyze with --overwrite over an earlier report, stopped in its DuckDB phase: SIGINT (Ctrl-C) and SIGTERM
         * must leave the earlier report whole and nothing else.
         */
        @ParameterizedTest(name = "{0}: exit {1}")
        @org.junit.jupiter.params.provider.CsvSource({"INT, 130", "TERM, 143"})
        @Timeout(value = 180, unit = TimeUnit.SECONDS)
        void analyzeRemovesStagingAndSpillFilesKeepsTheEarlierReportAndExitsNamingTheSignal(String signal, int exit)
                throws Exception {
            Path report = dir.resolve("report");
            assertThat(CliRun.of("analyze", smallRun(dir.resolve("small")).toString(), "--out", report.toString())
                    .exit()).isZero();
            String earlier = Files.readString(report.resolve("summary.json"));
            Path big = bigRun(dir.resolve("big"));
            Stopped s = stop(signal, "phase 1/2", report, "analyze", big.toString(), "--out", report.toString(),
                    "--overwrite", "--temp-dir", dir.resolve("spill").toString(), "--memory-limit", "1GB",
                    "--threads", "1");
            assertThat(s.whileRunning()).as("staging and the spill directory existed when the signal came")
                    .anyMatch(f -> f.startsWith(".report.partial-")).anyMatch(f -> f.startsWith("spill/duckdb-spill"));
            assertThat(s.exit()).as(s.output()).isEqualTo(exit);
            assertThat(s.output()).contains("error: analyze stopped by SIG" + signal);
            assertPlainMessage(s.output());
            assertThat(Files.readString(report.resolve("summary.json"))).as("the earlier report, whole")
                    .isEqualTo(earlier);
            assertThat(filesUnder(dir)).noneMatch(f -> f.contains(".partial-") || f.contains(".old-")
                    || f.contains("spill") || f.endsWith(".lock"));
        }

        @Test
        @Timeout(value = 180, unit = TimeUnit.SECONDS)
        void trendStoppedByCtrlCKeepsTheEarlierTrendWholeAndLeavesNoStaging() throws Exception {
            Path out = dir.resolve("trend");
            smallRun(dir.resolve("runs/20261101T000000Z"));
            assertThat(CliRun.of("trend", dir.resolve("runs").toString(), "--out", out.toString()).exit()).isZero();
            String earlier = Files.readString(out.resolve("trend.json"));
            bigRun(dir.resolve("runs/20261101T060000Z"));
            Stopped s = stop("INT", "window 20261101T060000Z: analysing", out, "trend", dir.resolve("runs").toString(),
                    "--out", out.toString(), "--overwrite", "--memory-limit", "1GB", "--threads", "1");
            assertThat(s.whileRunning()).as("staging existed when the signal came").anyMatch(f -> f.contains(".partial-"));
            assertThat(s.exit()).as(s.output()).isEqualTo(130);
            assertThat(s.output()).contains("error: trend stopped by SIGINT");
            assertPlainMessage(s.output());
            assertThat(Files.readString(out.resolve("trend.json"))).isEqualTo(earlier);
            assertThat(filesUnder(dir)).noneMatch(f -> f.contains(".partial-") || f.contains(".old-")
                    || f.contains("spill") || f.endsWith(".lock"));
        }
    }
}
