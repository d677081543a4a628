package com.kubetrader.collector;

import static com.kubetrader.collector.FakeBinanceServer.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.kubetrader.output.OutputLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output rules (docs/output-rules.md) as the collector keeps them, a scenario per defect they fixed: a second run
 * with the same --out, two collectors in one directory, two writers at once, and Ctrl-C.
 */
@Timeout(30)
class CollectorOutputRulesTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    FakeBinanceServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = FakeBinanceServer.start(WAIT);
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    private List<String> args(FakeBinanceServer against, String... extra) {
        List<String> args = new ArrayList<>(List.of("--endpoint", against.endpoint(), "--symbols", "BTCUSDT",
                "--duration-seconds", "60", "--progress-seconds", "0.2", "--probe-interval-seconds", "0"));
        args.addAll(List.of(extra));
        if (!args.contains("--ping-interval-ms")) {
            args.addAll(List.of("--ping-interval-ms", "0"));
        }
        return args;
    }

    private CollectorRun collect(Path out, String... extra) {
        return CollectorRun.start(out, dir.resolve(out.getFileName() + ".log"),
                args(server, extra).toArray(String[]::new));
    }

    /** A complete run into {@code out} that records the trade {@code tradeId}. */
    private void record(Path out, long tradeId, String... extra) throws Exception {
        int connections = server.connectionCount();
        CollectorRun run = collect(out, extra);
        assertThat(await(() -> server.subscribedCount(connections, 1), WAIT)).isTrue();
        server.sendTrade("BTCUSDT", tradeId);
        assertThat(run.finishAfterRows(1, WAIT)).as(run.logText()).isZero();
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.contains(".partial-") || n.endsWith(".lock")).toList();
        }
    }

    @Nested
    class TheSameOutTwice {

        @Test
        void isRefusedWithExitTwoNamingThePathWhatIsThereAndTheFixAndTheFirstRecordingStays() throws Exception {
            Path out = dir.resolve("trades.csv");
            record(out, 1);
            String first = Files.readString(out);
            String firstRtt = Files.readString(dir.resolve("trades.rtt.csv"));
            int connections = server.connectionCount();

            CollectorRun again = collect(out);
            assertThat(again.awaitExit(WAIT)).isEqualTo(Collector.EXIT_USAGE).isEqualTo(2);
            assertThat(again.stderr()).startsWith("stream-trades: error: --out '" + out + "' already holds a "
                            + "previous run's result: " + out + " (a recording, ")
                    .contains(dir.resolve("trades.rtt.csv") + " (a recording, ")
                    .contains("choose a new --out, or pass --overwrite to replace it once the new recording is complete")
                    .doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(out).hasContent(first);
            assertThat(dir.resolve("trades.rtt.csv")).hasContent(firstRtt);
            assertThat(server.connectionCount()).as("refused before connecting").isEqualTo(connections);
            assertThat(leftovers()).isEmpty();
        }

        @Test
        void withOverwriteReplacesTheRecordingOnlyOnceTheNewOneIsComplete() throws Exception {
            Path out = dir.resolve("trades.csv");
            record(out, 1);
            String first = Files.readString(out);

            int connections = server.connectionCount();
            CollectorRun second = collect(out, "--overwrite");
            assertThat(await(() -> server.subscribedCount(connections, 1), WAIT)).isTrue();
            server.sendTrade("BTCUSDT", 2);
            assertThat(await(() -> logHas(second, "rows=1"), WAIT)).isTrue();
            assertThat(out).as("while the new run records, the old recording is whole").hasContent(first);
            assertThat(leftovers()).contains("trades.csv.lock").anyMatch(n -> n.startsWith(".trades.csv.partial-"))
                    .anyMatch(n -> n.startsWith(".trades.rtt.csv.partial-"));

            assertThat(second.finishAfterRows(1, WAIT)).isZero();
            assertThat(CollectorRun.readRows(out)).extracting(CollectorRun.Row::tradeId).containsExactly(2L);
            assertThat(dir.resolve("trades.rtt.csv")).content().startsWith(RttWriter.HEADER);
            assertThat(leftovers()).isEmpty();
        }

        @Test
        void withOverwriteARunThatRecordsNothingLeavesThePreviousRecordingAsItWas() throws Exception {
            Path out = dir.resolve("trades.csv");
            record(out, 1);
            String first = Files.readString(out);

            CollectorRun empty = CollectorRun.start(out, dir.resolve("empty.log"), "--endpoint",
                    "ws://127.0.0.1:" + FakeBinanceServer.closedPort(), "--symbols", "BTCUSDT",
                    "--duration-seconds", "0.5", "--ping-interval-ms", "0", "--probe-interval-seconds", "0",
                    "--overwrite");
            assertThat(empty.awaitExit(WAIT)).isEqualTo(Collector.EXIT_NO_TRADES);
            assertThat(out).hasContent(first);
            assertThat(empty.logText()).contains(out + " keeps its previous recording, which an empty run never replaces");
            assertThat(leftovers()).isEmpty();
        }

        @Test
        void aFileTheCollectorDidNotWriteIsNeverReplacedEvenWithOverwrite() throws Exception {
            Path out = dir.resolve("trades.csv");
            Path notes = dir.resolve("trades.rtt.csv");
            Files.writeString(notes, "my notes\n");

            CollectorRun run = collect(out, "--overwrite");
            assertThat(run.awaitExit(WAIT)).isEqualTo(Collector.EXIT_USAGE);
            assertThat(run.stderr()).contains(notes + " (a file whose first line is not the collector's header")
                    .contains("is never replaced, not even with --overwrite; choose a new --out, or move that file away");
            assertThat(notes).hasContent("my notes\n");
            assertThat(out).doesNotExist();
            assertThat(leftovers()).isEmpty();
        }
    }

    @Nested
    class TwoCollectorsInOneDirectory {

        @Test
        void eachWritesItsOwnRoundTripsNamedFromItsOut() throws Exception {
            try (FakeBinanceServer other = FakeBinanceServer.start(WAIT)) {
                server.pongDelayNanos = 0;
                other.pongDelayNanos = 0;
                Path a = dir.resolve("a.csv");
                Path b = dir.resolve("b.csv");
                CollectorRun runA = CollectorRun.start(a, dir.resolve("a.log"),
                        args(server, "--ping-interval-ms", "400").toArray(String[]::new));
                CollectorRun runB = CollectorRun.start(b, dir.resolve("b.log"),
                        args(other, "--ping-interval-ms", "400").toArray(String[]::new));
                assertThat(await(() -> server.anySubscribed(1) && other.anySubscribed(1), WAIT)).isTrue();
                assertThat(await(() -> pongs(runA) && pongs(runB), WAIT)).isTrue();
                server.sendTrade("BTCUSDT", 1);
                other.sendTrade("BTCUSDT", 2);
                assertThat(runA.finishAfterRows(1, WAIT)).isZero();
                assertThat(runB.finishAfterRows(1, WAIT)).isZero();

                assertThat(dir.resolve("rtt.csv")).as("no shared file").doesNotExist();
                assertThat(rttEndpoints(dir.resolve("a.rtt.csv"))).isNotEmpty().containsOnly(server.endpoint());
                assertThat(rttEndpoints(dir.resolve("b.rtt.csv"))).isNotEmpty().containsOnly(other.endpoint());
                assertThat(CollectorRun.readRows(a)).extracting(CollectorRun.Row::tradeId).containsExactly(1L);
                assertThat(CollectorRun.readRows(b)).extracting(CollectorRun.Row::tradeId).containsExactly(2L);
            }
        }

        private boolean pongs(CollectorRun run) {
            try (Stream<Path> files = Files.list(dir)) {
                String name = "." + run.csv.getFileName().toString().replace(".csv", ".rtt.csv") + ".partial-";
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith(name)).toList()) {
                    if (Files.readString(f).contains(",ws_ping,")) {
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        }

        private List<String> rttEndpoints(Path rtt) throws IOException {
            List<String> lines = Files.readAllLines(rtt);
            assertThat(lines.get(0)).isEqualTo(RttWriter.HEADER);
            return lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1))
                    .filter(f -> f[2].equals("ws_ping")).map(f -> f[0]).toList();
        }
    }

    /** A collector in a process of its own, as `java -cp target/classes` runs it: its lock is the OS's. */
    private Process child(Path out, Path log, Path stdout) throws IOException {
        List<String> command = new ArrayList<>(com.kubetrader.output.ChildSignals.sigintRestored());
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                Path.of("target/classes").toAbsolutePath().toString(), StreamTrades.class.getName()));
        command.addAll(args(server, "--out", out.toString(), "--log", log.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(stdout.toFile()).start();
    }

    private static boolean logHas(CollectorRun run, String text) {
        try {
            return run.logText().contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean fileHas(Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    @Nested
    class TwoWritersAtOnce {

        @Test
        void theSecondIsRefusedAtOnceWithExitSeventyFiveNamingTheHolder() throws Exception {
            Path out = dir.resolve("trades.csv");
            Process first = child(out, dir.resolve("first.log"), dir.resolve("first.out"));
            try {
                assertThat(await(() -> server.anySubscribed(1), Duration.ofSeconds(10))).isTrue();
                long started = System.nanoTime();
                CollectorRun second = collect(out);
                assertThat(second.awaitExit(WAIT)).isEqualTo(OutputLock.EXIT_LOCKED).isEqualTo(75);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
                assertThat(second.stderr()).startsWith("stream-trades: error: --out '" + out + "' is being written "
                        + "by another run (pid " + first.pid() + " on ").contains("wait for it to finish")
                        .doesNotContain("Exception");
                assertThat(second.log).as("the second run did not touch the first one's files").doesNotExist();
                assertThat(first.isAlive()).isTrue();
                server.sendTrade("BTCUSDT", 1);
                assertThat(await(() -> fileHas(dir.resolve("first.log"), "rows=1"), WAIT)).isTrue();
                first.destroy(); // SIGTERM
                assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(first.exitValue()).isEqualTo(Collector.EXIT_SIGTERM);
                assertThat(CollectorRun.readRows(out)).extracting(CollectorRun.Row::tradeId).containsExactly(1L);
                assertThat(leftovers()).isEmpty();
            } finally {
                first.destroyForcibly();
            }
        }
    }

    @Nested
    class CtrlC {

        @Test
        void exits130LogsSigintAndLeavesOnlyCompleteFilesWithEveryRowSoFar() throws Exception {
            Path out = dir.resolve("trades.csv");
            Path log = dir.resolve("collector.log");
            Path stdout = dir.resolve("stdout.txt");
            Process collector = child(out, log, stdout);
            try {
                assertThat(await(() -> server.anySubscribed(1), Duration.ofSeconds(10))).isTrue();
                for (long id = 1; id <= 5; id++) {
                    server.sendTrade("BTCUSDT", id);
                }
                assertThat(await(() -> fileHas(log, "rows=5"), WAIT)).isTrue();
                Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(collector.pid())).start();
                assertThat(kill.waitFor(5, TimeUnit.SECONDS)).isTrue();
                assertThat(collector.waitFor(10, TimeUnit.SECONDS)).isTrue();

                assertThat(collector.exitValue()).isEqualTo(Collector.EXIT_SIGINT).isEqualTo(130);
                assertThat(Files.readString(stdout, StandardCharsets.UTF_8)).contains("summary rows=5 ")
                        .contains(" exit=130 ");
                assertThat(Files.readString(log)).contains("stopping: SIGINT received").doesNotContain("SIGTERM");
                assertThat(CollectorRun.readRows(out)).extracting(CollectorRun.Row::tradeId)
                        .containsExactly(1L, 2L, 3L, 4L, 5L);
                assertThat(dir.resolve("trades.rtt.csv")).hasContent(RttWriter.HEADER + "\n");
                assertThat(leftovers()).as("no partial file, no lock").isEmpty();
            } finally {
                collector.destroyForcibly();
            }
        }
    }
}
