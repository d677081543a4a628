package com.kubetrader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.kubetrader.analysis.SyntheticRun;
import com.kubetrader.analysis.SyntheticRun.Instance;
import com.kubetrader.analysis.SyntheticRun.Spec;
import com.kubetrader.collector.StreamTrades;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * Every command's bad inputs, as a table per command: each is refused before any work with the exit code the
 * command documents, a message naming the flag or key and the value, no stack trace, and nothing left on disk.
 */
@Timeout(60)
class FailurePathsTest {

    /** No stack frame and no exception class name: what the user reads is a sentence. */
    static void assertPlainMessage(String text) {
        assertThat(text).doesNotContain("\tat ").doesNotContainPattern("\\b[a-z]+(\\.[a-z]+)+\\.[A-Z]\\w*Exception")
                .doesNotContain("Exception:").doesNotContain(": null");
    }

    /** The files under {@code dir}, relative, so a test can assert nothing was added. */
    static List<String> filesUnder(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Nested
    class TheCollector {

        @TempDir
        Path dir;

        static Stream<Arguments> badArguments() {
            return Stream.of(
                    Arguments.of(List.of("--endpoint", "ws://127.0.0.1:99999"),
                            "--endpoint 'ws://127.0.0.1:99999' has port 99999, out of range; expected a port from 1 to 65535"),
                    Arguments.of(List.of("--endpoint", "http://stream.binance.com"), "--endpoint 'http://stream.binance.com' is not valid"),
                    Arguments.of(List.of("--rest-endpoint", "https://api.binance.com:0"), "--rest-endpoint 'https://api.binance.com:0' has port 0"),
                    Arguments.of(List.of("--symbols", "BTC-USDT"), "--symbols 'BTC-USDT' has an invalid symbol"),
                    Arguments.of(List.of("--duration-seconds", "-1"), "--duration-seconds '-1' is not valid"),
                    Arguments.of(List.of("--duration-seconds", "0.0001"), "--duration-seconds '0.0001' is not valid"),
                    Arguments.of(List.of("--progress-seconds", "often"), "--progress-seconds 'often' is not valid"),
                    Arguments.of(List.of("--max-streams-per-connection", "2000"),
                            "--max-streams-per-connection '2000' is not valid; expected a whole number from 1 to 1024"),
                    Arguments.of(List.of("--streams-per-message", "0"), "--streams-per-message '0' is not valid"),
                    Arguments.of(List.of("--symbls", "BTCUSDT"), "unknown argument '--symbls'"),
                    Arguments.of(List.of("--out", "missing/trades.csv"), "/missing/trades.csv' is not valid; its directory"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("badArguments")
        void refusesWithExitTwoNamingTheFlagAndWritesNothing(List<String> bad, String message) throws IOException {
            List<String> args = new ArrayList<>(List.of("--symbols", "BTCUSDT", "--duration-seconds", "1",
                    "--out", dir.resolve("trades.csv").toString(), "--log", dir.resolve("collector.log").toString()));
            for (int i = 0; i < bad.size(); i += 2) { // the bad flag replaces the good one
                int at = args.indexOf(bad.get(i));
                if (at >= 0) {
                    args.set(at + 1, bad.get(i + 1).startsWith("missing/")
                            ? dir.resolve(bad.get(i + 1)).toString() : bad.get(i + 1));
                } else {
                    args.addAll(bad.subList(i, i + 2));
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = StreamTrades.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), false);
            String stderr = err.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(stderr).isEqualTo(2);
            assertThat(stderr).startsWith("stream-trades: ").contains(message);
            assertPlainMessage(stderr);
            assertThat(filesUnder(dir)).isEmpty();
        }
    }

    @Nested
    class PlanAndCost {

        static Stream<Arguments> badInputs() {
            return Stream.of(
                    Arguments.of(List.of("plan"), 2, "Missing required option: '--stack=<stack>'"),
                    Arguments.of(List.of("plan", "--stak", "dev"), 2, "did you mean --stack?"),
                    Arguments.of(List.of("plan", "--stack", "staging"), 2, "unknown stack 'staging': no Pulumi.staging.yaml"),
                    Arguments.of(List.of("plan", "--stack", "dev", "--set", "kubetrader:flowLog=true"), 2,
                            "Pulumi.yaml declares no key kubetrader:flowLog; did you mean kubetrader:flowLogs?"),
                    Arguments.of(List.of("plan", "--stack", "dev", "--set", "kubetrader:primaryAzId=apne1-az1"), 1,
                            "kubetrader:primaryAzId and kubetrader:standbyAzId = 'apne1-az1': both are apne1-az1"),
                    Arguments.of(List.of("plan", "--stack", "dev", "--set", "aws:region=us-east-1"), 1,
                            "aws:region = 'us-east-1': not supported; kubetrader is built for ap-northeast-1"),
                    Arguments.of(List.of("plan", "--stack", "dev", "--az-map", "apne1-az4"), 2, "--az-map entry 'apne1-az4'"),
                    Arguments.of(List.of("plan", "--stack", "prod", "--update-readme", "README.md"), 2,
                            "--update-readme needs --mermaid"),
                    Arguments.of(List.of("plan", "--stack", "prod", "--mermaid", "--update-readme", "no/README.md"), 2,
                            "--update-readme 'no/README.md' does not exist; name the README.md whose diagram to replace"),
                    Arguments.of(List.of("plan", "--stack", "prod", "--mermaid", "--update-readme", "src"), 2,
                            "--update-readme 'src' is a directory"),
                    Arguments.of(List.of("plan", "--stack", "dev", "--diff-against", "src"), 2,
                            "--diff-against 'src' cannot be read (it is a directory)"),
                    Arguments.of(List.of("cost"), 2, "Missing required option: '--stack=<stack>'"),
                    Arguments.of(List.of("cost", "--stack", "dev", "--set", "aws:region=us-east-1"), 1,
                            "aws:region = 'us-east-1': not supported"),
                    Arguments.of(List.of("cost", "--stack", "prod", "--set", "kubetrader:natGbPerDay=lots"), 1,
                            "kubetrader:natGbPerDay = 'lots'"),
                    Arguments.of(List.of("cots", "--stack", "prod"), 2, "did you mean cost?"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("badInputs")
        void refuseWithTheDocumentedCodeAndAPlainMessageNamingTheFlagOrKey(List<String> args, int code, String message) {
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertThat(run.exit()).as(run.err()).isEqualTo(code);
            assertThat(run.err()).contains(message);
            assertThat(run.out()).isEmpty();
            assertPlainMessage(run.err());
        }
    }

    @Nested
    class AStackFile {

        @TempDir
        Path project;

        @Test
        void withAMistypedKeyIsRefusedWithTheNearestDeclaredKeyRatherThanIgnored() throws IOException {
            Files.copy(Path.of("Pulumi.yaml"), project.resolve("Pulumi.yaml"));
            Files.writeString(project.resolve("Pulumi.dev.yaml"), "config:\n  aws:region: ap-northeast-1\n"
                    + "  kubetrader:primaryAzID: apne1-az1\n");
            CliRun run = CliRun.of("plan", "--stack", "dev", "--project-dir", project.toString());
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err()).contains("Pulumi.dev.yaml: kubetrader:primaryAzID is not a key Pulumi.yaml declares; "
                    + "did you mean kubetrader:primaryAzId?");
            assertPlainMessage(run.err());
        }
    }

    @Nested
    class Analyze {

        @TempDir
        Path dir;

        Path goodRun() throws IOException {
            Path run = dir.resolve("run");
            SyntheticRun.write(run, Spec.of(List.of(
                    Instance.of("i-a", "apne1-az4", "ap-northeast-1a", 300, 20),
                    Instance.of("i-b", "apne1-az1", "ap-northeast-1c", 900, 20)), 3, 50));
            return run;
        }

        static Stream<Arguments> badFlags() {
            return Stream.of(
                    Arguments.of(List.of("--threads", "0"), "--threads '0' is out of range; expected 1 to 256"),
                    Arguments.of(List.of("--memory-limit", "lots"), "--memory-limit 'lots' is not a size"),
                    Arguments.of(List.of("--memory-limit", "1MB"), "--memory-limit '1MB' is too small"),
                    Arguments.of(List.of("--stack", "prod; rm -rf /"), "--stack 'prod; rm -rf /' is not a Pulumi stack name"),
                    Arguments.of(List.of("--stack", "a/b/c/d"), "--stack 'a/b/c/d' is not a Pulumi stack name"),
                    Arguments.of(List.of("--outt", "x"), "did you mean --out?"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("badFlags")
        void refusesABadFlagBeforeReadingTheRunAndCreatesNothing(List<String> flag, String message) throws IOException {
            Path run = goodRun();
            List<String> before = filesUnder(dir);
            List<String> args = new ArrayList<>(List.of("analyze", run.toString(), "--out",
                    dir.resolve("report").toString(), "--temp-dir", dir.resolve("spill").toString()));
            args.addAll(flag);
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).contains(message);
            assertPlainMessage(r.err());
            assertThat(filesUnder(dir)).isEqualTo(before);
        }

        @Test
        void aMissingRunDirectoryLeavesNoReportDirectoryBehind() throws IOException {
            CliRun r = CliRun.of("analyze", dir.resolve("nope").toString(), "--out", dir.resolve("report").toString());
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains(dir.resolve("nope") + ": run directory does not exist");
            assertThat(filesUnder(dir)).isEmpty();
        }

        @Test
        void aDirectoryThatIsNotARunIsOneErrorLineNotALineForEachOfItsEntries() throws IOException {
            for (String name : List.of("apt", "ssh", "X11")) {
                Files.createDirectories(dir.resolve("etc").resolve(name));
            }
            CliRun r = CliRun.of("analyze", dir.resolve("etc").toString(), "--out", dir.resolve("report").toString());
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err().lines()).containsExactly("error: " + dir.resolve("etc") + ": no instance directories (expected <runDir>/<instanceId>/"
                    + "{metadata.json,trades.csv}; none of its 3 subdirectories holds either file); pass the "
                    + "directory of one run, such as runs/<runId>");
            assertThat(filesUnder(dir)).containsExactly("etc", "etc/X11", "etc/apt", "etc/ssh");
        }

        @Test
        void aRunThatFailsLeavesNeitherTheReportNorTheTempDirectoryBehind() throws IOException {
            Path run = dir.resolve("run");
            SyntheticRun.write(run, Spec.of(List.of(
                    Instance.of("i-a", "apne1-az4", "ap-northeast-1a", 300, 20),
                    Instance.of("i-b", "apne1-az1", "ap-northeast-1c", 900, 20).withNoTrades()), 3, 50));
            List<String> before = filesUnder(dir);
            CliRun r = CliRun.of("analyze", run.toString(), "--out", dir.resolve("reports/today").toString(),
                    "--temp-dir", dir.resolve("spill/deep").toString());
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("1 of 2 instances have trades");
            assertThat(filesUnder(dir)).isEqualTo(before);
        }

        @Test
        void aFailedRunLeavesTheEarlierReportAsItWasAndSaysSo() throws IOException {
            Path run = goodRun();
            Path report = dir.resolve("report");
            assertThat(CliRun.of("analyze", run.toString(), "--out", report.toString()).exit()).isZero();
            String summary = Files.readString(report.resolve("summary.json"));
            Files.delete(run.resolve("i-b/trades.csv"));

            CliRun r = CliRun.of("analyze", run.toString(), "--out", report.toString(), "--overwrite");
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("the earlier report in " + report + " is left as it was; it is not from this run");
            assertThat(Files.readString(report.resolve("summary.json"))).isEqualTo(summary);
            assertThat(filesUnder(dir)).noneMatch(f -> f.contains(".partial-") || f.contains(".old-"));
        }

        @Test
        void aSuccessfulRunReplacesAnEarlierReportWhole() throws IOException {
            Path run = goodRun();
            Path report = dir.resolve("report");
            Files.createDirectories(report);
            Files.writeString(report.resolve("summary.json"), "{\"stale\": true}");
            CliRun r = CliRun.of("analyze", run.toString(), "--out", report.toString(), "--overwrite");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(Files.readString(report.resolve("summary.json"))).doesNotContain("stale").contains("\"azs\"");
            assertThat(filesUnder(report)).containsExactly("latency.svg", "per-symbol.csv", "report.md", "summary.json");
            assertThat(filesUnder(dir)).noneMatch(f -> f.contains(".partial-") || f.contains(".old-"));
        }

        @Test
        void refusesAnOutDirectoryHoldingOtherFilesInsteadOfReplacingThem() throws IOException {
            Path run = goodRun();
            Path home = Files.createDirectories(dir.resolve("home"));
            Files.writeString(home.resolve("notes.txt"), "mine");
            CliRun r = CliRun.of("analyze", run.toString(), "--out", home.toString());
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("--out '" + home + "' already holds notes.txt, which this command did not write");
            assertThat(filesUnder(home)).containsExactly("notes.txt");
        }
    }

    @Nested
    class Trend {

        @TempDir
        Path dir;

        static Stream<Arguments> badInputs() {
            return Stream.of(
                    Arguments.of(List.of("--threads", "0"), "--threads '0' is out of range"),
                    Arguments.of(List.of("--memory-limit", "1MB"), "--memory-limit '1MB' is too small"),
                    Arguments.of(List.of("--stack", "a b"), "--stack 'a b' is not a Pulumi stack name"),
                    Arguments.of(List.of(), "no runs in it"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("badInputs")
        void refusesWithExitTwoAndLeavesNoOutput(List<String> flags, String message) throws IOException {
            Files.createDirectories(dir.resolve("runs"));
            List<String> args = new ArrayList<>(List.of("trend", dir.resolve("runs").toString(), "--out",
                    dir.resolve("trend").toString()));
            args.addAll(flags);
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).contains(message);
            assertPlainMessage(r.err());
            assertThat(filesUnder(dir)).containsExactly("runs");
        }
    }

    @Nested
    class Rehearse {

        @TempDir
        Path dir;

        static Stream<Arguments> badFlags() {
            return Stream.of(
                    Arguments.of(List.of("--symbols", "0"), "--symbols '0' is out of range; expected 1 to 5000"),
                    Arguments.of(List.of("--duration-seconds", "-1"), "--duration-seconds '-1' is out of range; expected 1 to 3600"),
                    Arguments.of(List.of("--rate", "0"), "--rate '0.0' is out of range"),
                    Arguments.of(List.of("--rate", "NaN"), "--rate 'NaN' is out of range"),
                    Arguments.of(List.of("--stack", "dev prod"), "--stack 'dev prod' is not a Pulumi stack name"),
                    Arguments.of(List.of("--collector-jar", "no-such.jar"), "collector jar no-such.jar not found"),
                    Arguments.of(List.of("--windows", "0"), "--windows '0' is out of range; expected 2 to 48"),
                    Arguments.of(List.of("--second-endpoint", "reversed"), "--second-endpoint 'reversed' is not valid"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("badFlags")
        void refusesBeforeStartingAnythingAndLeavesNoOutput(List<String> flag, String message) throws IOException {
            List<String> args = new ArrayList<>(List.of("rehearse", "--out", dir.resolve("out").toString()));
            args.addAll(flag);
            long start = System.nanoTime();
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).contains(message);
            assertPlainMessage(r.err());
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start))
                    .as("refused at once, not after starting collectors").isLessThan(5);
            assertThat(filesUnder(dir)).isEmpty();
        }

        @Test
        void refusesAnOutThatIsAFileEvenWithOverwrite() throws IOException {
            Path file = Files.writeString(dir.resolve("passwd"), "root:x:0:0");
            CliRun r = CliRun.of("rehearse", "--out", file.toString(), "--overwrite");
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("--out '" + file + "' is a file; rehearse writes a directory");
            assertPlainMessage(r.err());
            assertThat(filesUnder(dir)).containsExactly("passwd");
            assertThat(Files.readString(file)).isEqualTo("root:x:0:0");
        }

        @Test
        void refusesAnOutDirectoryHoldingFilesItDidNotWriteEvenWithOverwrite() throws IOException {
            Path home = Files.createDirectories(dir.resolve("home"));
            Files.writeString(home.resolve("notes.txt"), "mine");
            Files.createDirectories(home.resolve("run"));
            CliRun r = CliRun.of("rehearse", "--out", home.toString(), "--overwrite");
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("--out '" + home + "' already holds notes.txt, which rehearse did not write");
            assertThat(filesUnder(dir)).containsExactly("home", "home/notes.txt", "home/run");
        }

        @Test
        void refusesAnOutDirectoryHoldingAnEarlierRehearsalAndTouchesNothing() throws IOException {
            Path out = Files.createDirectories(dir.resolve("out/run"));
            CliRun r = CliRun.of("rehearse", "--out", dir.resolve("out").toString());
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("already holds run/ from an earlier rehearsal");
            assertThat(filesUnder(dir)).containsExactly("out", "out/run");
            assertThat(out).isEmptyDirectory();
        }
    }

    @Nested
    class NoArguments {

        @Test
        void outsideThePulumiEnginePrintsUsageAndHowPulumiRunsTheJarWithoutAStackTrace() throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    com.kubetrader.App.class.getName()).redirectErrorStream(true);
            pb.environment().keySet().removeIf(k -> k.startsWith("PULUMI_"));
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(output).isEqualTo(2);
            assertThat(output).startsWith("kubetrader: no command given.")
                    .contains("`pulumi preview` and `pulumi up` run it inside the")
                    .contains("Pulumi engine (Pulumi.yaml's runtime.options.binary points at target/kubetrader.jar)")
                    .contains("plan", "cost", "analyze", "rehearse")
                    .contains("java -jar target/kubetrader.jar plan --stack dev")
                    .doesNotContain("PULUMI_MONITOR");
            assertPlainMessage(output);
        }
    }
}
