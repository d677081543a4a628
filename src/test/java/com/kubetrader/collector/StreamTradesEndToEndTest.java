package com.kubetrader.collector;

import static com.kubetrader.collector.FakeBinanceServer.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The collector against a fake Binance server on 127.0.0.1, one scenario per nested class. */
@Timeout(20)
class StreamTradesEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    /** A duration no test waits out: each ends its run through {@link CollectorRun#finishAfterRows}. */
    private static final String LONG = "60";

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

    /**
     * A collector against {@link #server}. Round trips are off (no probe connection, no connect probe) unless the
     * test asks for them, so the server's connection 0 is the trade connection.
     */
    private CollectorRun collect(String symbols, String seconds, String... extra) {
        List<String> args = new ArrayList<>(List.of("--endpoint", server.endpoint(), "--symbols", symbols,
                "--duration-seconds", seconds, "--progress-seconds", "0.5"));
        args.addAll(List.of(extra));
        if (!args.contains("--ping-interval-ms")) {
            args.addAll(List.of("--ping-interval-ms", "0"));
        }
        if (!args.contains("--probe-interval-seconds")) {
            args.addAll(List.of("--probe-interval-seconds", "0"));
        }
        return CollectorRun.start(dir, args.toArray(String[]::new));
    }

    @Nested
    class NormalFlow {

        @Test
        void writesOneRowPerTradeWithLatencyEqualToReceiveMinusEventTime() throws Exception {
            CollectorRun run = collect("BTCUSDT,ETHUSDT", LONG);
            assertThat(await(() -> server.subscribedCount(0, 2), WAIT)).isTrue();
            Map<Long, Long> sentEventTimes = new HashMap<>();
            for (long id = 1; id <= 40; id++) {
                String symbol = id % 2 == 0 ? "BTCUSDT" : "ETHUSDT";
                sentEventTimes.put(id, server.sendTrade(symbol, id));
            }

            assertThat(run.finishAfterRows(40, WAIT)).isEqualTo(Collector.EXIT_OK);
            List<CollectorRun.Row> rows = run.rows();
            assertThat(run.csvLines().get(0))
                    .startsWith("symbol,trade_id,event_time_us,trade_time_us,recv_time_us,latency_us");
            assertThat(rows).extracting(CollectorRun.Row::tradeId)
                    .containsExactlyInAnyOrderElementsOf(sentEventTimes.keySet());
            for (CollectorRun.Row row : rows) {
                assertThat(row.symbol()).isEqualTo(row.tradeId() % 2 == 0 ? "BTCUSDT" : "ETHUSDT");
                assertThat(row.eventTimeUs()).isEqualTo(sentEventTimes.get(row.tradeId()));
                assertThat(row.tradeTimeUs()).isEqualTo(row.eventTimeUs() - 7);
                assertThat(row.latencyUs()).isEqualTo(row.recvTimeUs() - row.eventTimeUs());
                assertThat(row.recvTimeUs()).isGreaterThanOrEqualTo(row.eventTimeUs());
            }
            assertThat(run.stdout()).contains("summary rows=40 malformed=0 reconnects=0 gaps=0");
        }

        @Test
        void connectsToTheCombinedStreamPathWithMicrosecondTimestampsAndSubscribesLowerCaseTradeStreams()
                throws Exception {
            CollectorRun run = collect("BTCUSDT,ethusdt", "1");
            assertThat(await(() -> server.subscribedCount(0, 2), WAIT)).isTrue();
            server.sendTrade("BTCUSDT", 1);
            assertThat(run.awaitExit(WAIT)).as("ends by itself when the duration elapses").isZero();
            assertThat(run.logText()).contains("stopping: duration of PT1S elapsed");
            assertThat(run.stdout()).contains("summary rows=1 ").contains(" exit=0 ");
            assertThat(server.resourceDescriptors).containsExactly("/stream?timeUnit=MICROSECOND");
            assertThat(server.subscribes(0)).singleElement().extracting(FakeBinanceServer.Received::text)
                    .asString().matches("\\{\"method\":\"SUBSCRIBE\",\"params\":\\[\"btcusdt@trade\","
                            + "\"ethusdt@trade\"],\"id\":\\d+}");
        }

        @Test
        void logsProgressLinesWithRateSymbolsConnectionsLatencyAndMalformedCount() throws Exception {
            CollectorRun run = collect("BTCUSDT", LONG);
            assertThat(await(() -> server.subscribedCount(0, 1), WAIT)).isTrue();
            server.sendTrade("BTCUSDT", 1);
            assertThat(await(() -> logContains(run, "rows=1"), WAIT)).isTrue();
            assertThat(run.finishAfterRows(1, WAIT)).isZero();
            assertThat(run.logText()).containsPattern("progress msgs_per_s=[0-9.]+ symbols_seen=1 "
                    + "connections_open=1/1 latency_us_min=\\d+ latency_us_mean=[0-9.]+ malformed=0 rows=1");
        }
    }

    /** A loss before the collector has the SUBSCRIBE reply is not a gap, so wait for the reply. */
    private static void awaitCollectorSubscribed(CollectorRun run) throws InterruptedException {
        assertThat(await(() -> logContains(run, "connection 0 subscribed"), WAIT)).isTrue();
    }

    private static boolean logContains(CollectorRun run, String text) {
        try {
            return run.logText().contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Nested
    class FragmentedFrames {

        @Test
        void takesTheReceiveTimeWhenTheFirstFragmentArrivesAndAssemblesTheRest() throws Exception {
            CollectorRun run = collect("BTCUSDT", LONG);
            assertThat(await(() -> server.subscribedCount(0, 1), WAIT)).isTrue();
            // The SUBSCRIBE reply must be out first: a frame sent between two fragments breaks the protocol.
            awaitCollectorSubscribed(run);
            long eventUs = MicroClock.nowMicros();
            String frame = FakeBinanceServer.tradeFrame("BTCUSDT", 77, eventUs, eventUs);
            int third = frame.length() / 3;
            var conn = server.connection(0);
            conn.sendFragmentedFrame(org.java_websocket.enums.Opcode.TEXT,
                    java.nio.ByteBuffer.wrap(frame.substring(0, third).getBytes(StandardCharsets.UTF_8)), false);
            Thread.sleep(150);
            long beforeLastFragmentUs = MicroClock.nowMicros();
            conn.sendFragmentedFrame(org.java_websocket.enums.Opcode.TEXT,
                    java.nio.ByteBuffer.wrap(frame.substring(third, 2 * third).getBytes(StandardCharsets.UTF_8)), false);
            conn.sendFragmentedFrame(org.java_websocket.enums.Opcode.TEXT,
                    java.nio.ByteBuffer.wrap(frame.substring(2 * third).getBytes(StandardCharsets.UTF_8)), true);

            assertThat(run.finishAfterRows(1, WAIT)).isZero();
            assertThat(run.rows()).singleElement().satisfies(row -> {
                assertThat(row.tradeId()).isEqualTo(77);
                assertThat(row.eventTimeUs()).isEqualTo(eventUs);
                assertThat(row.recvTimeUs()).isBetween(eventUs, beforeLastFragmentUs);
            });
            assertThat(run.stdout()).contains("malformed=0");
        }
    }

    @Nested
    class ServerDisconnect {

        @Test
        void reconnectsAfterServerClosesAndLosesNoReceivedRow() throws Exception {
            CollectorRun run = collect("BTCUSDT", LONG);
            assertThat(await(() -> server.subscribedCount(0, 1), WAIT)).isTrue();
            awaitCollectorSubscribed(run);
            for (long id = 1; id <= 25; id++) {
                server.sendTrade("BTCUSDT", id);
            }
            server.connection(0).close(1001, "going away"); // queued trades go out before the close frame
            assertThat(await(() -> server.subscribedCount(1, 1), WAIT)).as("resubscribed on a new connection").isTrue();
            for (long id = 26; id <= 50; id++) {
                server.sendTrade("BTCUSDT", id);
            }

            assertThat(run.finishAfterRows(50, WAIT)).isZero();
            assertThat(run.rows()).extracting(CollectorRun.Row::tradeId)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, 50).asLongStream().boxed().toList());
            assertThat(run.stdout()).contains("reconnects=1 gaps=1");
        }

        @Test
        void logsTheGapWithIsoMicrosecondStartBeforeEnd() throws Exception {
            CollectorRun run = collect("BTCUSDT", LONG);
            assertThat(await(() -> server.subscribedCount(0, 1), WAIT)).isTrue();
            awaitCollectorSubscribed(run);
            Instant before = Instant.now();
            server.connection(0).close(1001, "going away");
            // The gap ends when the collector receives the SUBSCRIBE reply, after the server has
            // recorded the subscription; so wait for the logged gap before reading the clock.
            assertThat(await(() -> logContains(run, "gap connection=0"), WAIT)).isTrue();
            Instant after = Instant.now();
            server.sendTrade("BTCUSDT", 1);
            assertThat(run.finishAfterRows(1, WAIT)).isZero();

            Matcher gap = Pattern.compile("gap connection=0 start=(\\S+) end=(\\S+) duration_ms=(\\d+)")
                    .matcher(run.logText());
            assertThat(gap.find()).as(run.logText()).isTrue();
            assertThat(gap.group(1)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
            Instant start = Instant.parse(gap.group(1));
            Instant end = Instant.parse(gap.group(2));
            assertThat(start).isBetween(before, end);
            assertThat(end).isBeforeOrEqualTo(after);
            assertThat(Long.parseLong(gap.group(3))).isEqualTo(Duration.between(start, end).toMillis());
        }

        @Test
        void reconnectsAtOnceOnServerShutdownEventAndResubscribes() throws Exception {
            CollectorRun run = collect("BTCUSDT", LONG);
            assertThat(await(() -> server.subscribedCount(0, 1), WAIT)).isTrue();
            awaitCollectorSubscribed(run);
            server.send(0, "{\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\",\"E\":1770123456789000}}");
            assertThat(await(() -> server.subscribedCount(1, 1), WAIT)).isTrue();
            server.sendTrade("BTCUSDT", 7);
            assertThat(run.finishAfterRows(1, WAIT)).isZero();
            assertThat(run.rows()).extracting(CollectorRun.Row::tradeId).containsExactly(7L);
            assertThat(run.logText()).contains("received serverShutdown").contains("gap connection=0");
        }
    }

    @Nested
    class MalformedFrames {

        @Test
        void countsAndSkipsMalformedFramesAndKeepsTheGoodOnes() throws Exception {
            CollectorRun run = collect("BTCUSDT", LONG);
            assertThat(await(() -> server.subscribedCount(0, 1), WAIT)).isTrue();
            List<String> junk = List.of("not json", "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\"}}",
                    "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":12,\"s\":\"BTCUSDT\",\"t\":1,\"T\":12}}",
                    "{\"stream\":", "[]");
            server.sendTrade("BTCUSDT", 1);
            junk.forEach(frame -> server.send(0, frame));
            server.sendTrade("BTCUSDT", 2);

            assertThat(run.finishAfterRows(2, WAIT)).isZero();
            assertThat(run.rows()).extracting(CollectorRun.Row::tradeId).containsExactly(1L, 2L);
            assertThat(run.stdout()).contains("rows=2 malformed=" + junk.size());
            assertThat(run.logText()).contains("malformed frame skipped");
        }
    }

    @Nested
    class MillisecondTimestamps {

        @Test
        void stopsWithAClearErrorAndExitCodeThreeInsteadOfRecordingWrongLatencies() throws Exception {
            CollectorRun run = collect("BTCUSDT", "10");
            assertThat(await(() -> server.subscribedCount(0, 1), WAIT)).isTrue();
            long millis = System.currentTimeMillis();
            server.send(0, FakeBinanceServer.tradeFrame("BTCUSDT", 1, millis, millis));

            assertThat(run.awaitExit(WAIT)).isEqualTo(Collector.EXIT_MILLISECOND_TIMESTAMPS).isNotZero();
            assertThat(run.logText()).contains("millisecond timestamps").contains("E=" + millis)
                    .contains("timeUnit=MICROSECOND");
            assertThat(run.csv).as("a failed run leaves no recording").doesNotExist();
            assertThat(dir).isDirectoryNotContaining("glob:**/.trades*");
        }
    }

    @Nested
    class ManySymbols {

        @Test
        void spreadsMoreThan1024SymbolsOverSeveralConnectionsNoneAbove1024Streams() throws Exception {
            List<String> symbols = IntStream.range(0, 2100).mapToObj(i -> "SYM" + i + "USDT").toList();
            CollectorRun run = collect(String.join(",", symbols), LONG);
            assertThat(await(() -> server.connectionCount() == 3
                    && IntStream.range(0, 3).allMatch(c -> server.subscribedCount(c, 700)), WAIT)).isTrue();
            server.sendTrade("SYM0USDT", 1);
            server.sendTrade("SYM2099USDT", 2);
            assertThat(run.finishAfterRows(2, WAIT)).isZero();

            Set<String> all = new HashSet<>();
            for (int c = 0; c < server.connectionCount(); c++) {
                assertThat(server.subscriptions.get(c)).hasSizeLessThanOrEqualTo(1024);
                all.addAll(server.subscriptions.get(c));
                assertThat(server.subscribes(c)).allSatisfy(m ->
                        assertThat(m.text().split("@trade").length - 1).isLessThanOrEqualTo(200));
            }
            assertThat(all).hasSize(2100);
            assertThat(run.rows()).extracting(CollectorRun.Row::connection).containsExactlyInAnyOrder(0, 2);
        }
    }

    @Nested
    class SubscriptionPacing {

        /**
         * Eight SUBSCRIBEs on the trade connection, pings at the fastest interval allowed on the probe connection,
         * and pongs to the server's own pings on both, all counted where Binance counts them: at the server, per
         * connection. No second may ever hold more than five; and the trade connection never pings.
         */
        @Test
        void neverSendsMoreThanFiveMessagesOfAnyKindInAnySecondOnAnyConnectionCountedAtTheServer() throws Exception {
            List<String> symbols = IntStream.range(0, 16).mapToObj(i -> "PACE" + i).toList();
            CollectorRun run = collect(String.join(",", symbols), LONG, "--streams-per-message", "2",
                    "--ping-interval-ms", "367");
            assertThat(await(() -> server.connectionCount() == 2, WAIT)).isTrue();
            // Server pings during the burst, 16 times Binance's rate of one per 20 s: the connection answers each at
            // once, outside any pacer, into the slot the collector keeps free in every window for that.
            for (int i = 0; i < 2; i++) {
                Thread.sleep(i == 0 ? 300 : 1_200); // one per pacing window: the slot kept is one per window
                server.ping(0, "server-" + i);
                server.ping(1, "server-" + i);
            }
            assertThat(await(() -> server.anySubscribed(16), WAIT)).isTrue();
            int trades = server.connectionFor("PACE0");
            int probe = 1 - trades;
            Thread.sleep(1_000); // pings alone after the burst
            server.sendTrade("PACE0", 1);
            assertThat(run.finishAfterRows(1, WAIT)).isZero();

            assertThat(server.subscribes(trades)).hasSize(8);
            assertThat(server.incoming).filteredOn(m -> m.connection() == trades)
                    .extracting(FakeBinanceServer.Incoming::kind).contains("text", "pong").doesNotContain("ping");
            assertThat(server.incoming).filteredOn(m -> m.connection() == probe)
                    .extracting(FakeBinanceServer.Incoming::kind).contains("ping", "pong").doesNotContain("text");
            for (int c : List.of(trades, probe)) {
                List<Long> times = server.incomingTimes(c);
                for (int i = 0; i + 5 < times.size(); i++) {
                    assertThat(times.get(i + 5) - times.get(i))
                            .as("connection %d: messages %d and %d of %d (text, ping, pong) arrived within a second",
                                    c, i, i + 5, times.size())
                            .isGreaterThan(1_000_000_000L);
                }
            }
        }
    }

    @Nested
    class Ping {

        @Test
        void answersPingWithPongCarryingTheSamePayload() throws Exception {
            CollectorRun run = collect("BTCUSDT", LONG);
            assertThat(await(() -> server.subscribedCount(0, 1), WAIT)).isTrue();
            server.ping(0, "kt-ping-42");
            assertThat(await(() -> !server.pongPayloads.isEmpty(), WAIT)).isTrue();
            assertThat(server.pongPayloads).containsExactly("kt-ping-42");
            server.sendTrade("BTCUSDT", 1);
            assertThat(run.finishAfterRows(1, WAIT)).isZero();
        }
    }

    @Nested
    class RoundTrips {

        private List<String[]> rttRows() throws java.io.IOException {
            List<String> lines = Files.readAllLines(dir.resolve("trades.rtt.csv"));
            assertThat(lines.get(0)).isEqualTo("endpoint,connection,kind,sent_time_us,rtt_us");
            return lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
        }

        private List<String[]> pings(List<String[]> rows) {
            return rows.stream().filter(r -> r[2].equals("ws_ping")).toList();
        }

        @Test
        void timesEachPingsPongOnAProbeConnectionBesideTheTradesAndWritesItToRttCsv() throws Exception {
            server.pongDelayNanos = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20);
            CollectorRun run = collect("BTCUSDT", LONG, "--ping-interval-ms", "400");
            assertThat(await(() -> server.anySubscribed(1), WAIT)).isTrue();
            assertThat(await(() -> logContains(run, "connection 0 subscribed"), WAIT)).isTrue();
            Thread.sleep(1300);
            server.sendTrade("BTCUSDT", 1);
            int trades = server.connectionFor("BTCUSDT");
            assertThat(run.finishAfterRows(1, WAIT)).isZero();

            List<String[]> pings = pings(rttRows());
            assertThat(pings).hasSizeGreaterThanOrEqualTo(3).allSatisfy(r -> {
                assertThat(r[0]).isEqualTo(server.endpoint());
                assertThat(r[1]).as("the probe, after the one trade connection").isEqualTo("1");
                assertThat(Long.parseLong(r[3])).isGreaterThan(1_700_000_000_000_000L); // epoch µs
                // injected 20 ms; loopback adds about a millisecond; a busy test machine adds scheduling
                assertThat(Long.parseLong(r[4])).isBetween(20_000L, 70_000L);
            });
            assertThat(server.incoming).filteredOn(m -> m.connection() == trades)
                    .extracting(FakeBinanceServer.Incoming::kind).as("the trade connection never pings")
                    .containsOnly("text");
            assertThat(server.subscriptions.get(1 - trades)).as("the probe subscribes to nothing").isNull();
            assertThat(run.logText()).contains("connection 1 to " + server.endpoint() + " is a round-trip probe");
            assertThat(run.stdout()).containsPattern("pings=\\d+ pongs=\\d+ pings_lost=0");
        }

        @Test
        void countsAPingWithNoPongAsLostWithAnEmptyRttNeverAValue() throws Exception {
            server.pongDelayNanos = -1; // never answers
            CollectorRun run = collect("BTCUSDT", LONG, "--ping-interval-ms", "400");
            assertThat(await(() -> server.anySubscribed(1), WAIT)).isTrue();
            // the first ping is lost after max(1 s, 3 × 400 ms) = 1.2 s
            assertThat(await(() -> stagedContains("trades.rtt.csv", ",ws_ping,"), WAIT)).isTrue();
            server.sendTrade("BTCUSDT", 1);
            assertThat(run.finishAfterRows(1, WAIT)).isZero();
            List<String[]> pings = pings(rttRows());
            assertThat(pings).isNotEmpty().allSatisfy(r -> assertThat(r[4]).isEmpty());
            assertThat(run.stdout()).containsPattern("pongs=0 pings_lost=[1-9]");
        }

        @Test
        void ignoresAPongNobodyAskedFor() throws Exception {
            CollectorRun run = collect("BTCUSDT", LONG, "--ping-interval-ms", "10000");
            assertThat(await(() -> server.anySubscribed(1), WAIT)).isTrue();
            assertThat(await(() -> server.incoming.stream().anyMatch(m -> m.kind().equals("ping")), WAIT)).isTrue();
            int probe = server.incoming.stream().filter(m -> m.kind().equals("ping")).findFirst().orElseThrow()
                    .connection();
            Thread.sleep(100); // the first ping's pong is back
            server.unsolicitedPong(probe, 999_999);
            server.unsolicitedPong(probe, 1); // the first ping's number, answered already
            server.sendTrade("BTCUSDT", 1);
            assertThat(run.finishAfterRows(1, WAIT)).isZero();
            assertThat(pings(rttRows())).singleElement().satisfies(r -> assertThat(r[4]).isNotEmpty());
            assertThat(run.stdout()).contains("pings=1 pongs=1 pings_lost=0");
        }

        @Test
        void probesEachEndpointHostWithATcpConnectAtStart() throws Exception {
            CollectorRun run = collect("BTCUSDT", LONG, "--probe-interval-seconds", "60");
            assertThat(await(() -> server.subscribedCount(0, 1), WAIT)).isTrue();
            server.sendTrade("BTCUSDT", 1);
            assertThat(await(() -> stagedContains("trades.rtt.csv", ",tcp_connect,"), WAIT)).isTrue();
            assertThat(run.finishAfterRows(1, WAIT)).isZero();
            assertThat(rttRows()).filteredOn(r -> r[2].equals("tcp_connect")).singleElement().satisfies(r -> {
                assertThat(r[0]).isEqualTo(server.endpoint());
                assertThat(r[1]).as("a probe is no WebSocket connection").isEmpty();
                assertThat(Long.parseLong(r[4])).isPositive();
            });
            assertThat(rttRows()).as("ws:// has no TLS to time").noneMatch(r -> r[2].equals("tls_handshake"));
        }
    }

    /**
     * A server that leaves Nagle's algorithm on, the TCP default, as an exchange we do not control may: a small frame
     * waits for the ACK of the one before it. A ping sent on the trade connection right after a read used to put the
     * collector's socket into delayed-ACK mode, so trades waited up to 40 ms, and the pong waited with them: against
     * pongs 5 ms late, rtt.csv said 43 ms.
     */
    @Nested
    class AgainstAServerWithNagleOn {

        @Test
        void theRoundTripMatchesAKnownPongDelayAndTheTradesAreNotHeldBackWhileTheProbePings() throws Exception {
            server.close();
            server = FakeBinanceServer.startWithNagle(WAIT);
            long pongDelayUs = 30_000; // ±10 % leaves room for this VM's ~1 ms of thread wake-ups per round trip
            server.pongDelayNanos = java.util.concurrent.TimeUnit.MICROSECONDS.toNanos(pongDelayUs);
            CollectorRun run = collect("BTCUSDT,ETHUSDT", LONG, "--ping-interval-ms", "400");
            assertThat(await(() -> server.anySubscribed(2), WAIT)).isTrue();
            assertThat(await(() -> server.incoming.stream().anyMatch(m -> m.kind().equals("ping")), WAIT)).isTrue();
            int trades = server.connectionFor("BTCUSDT");
            long end = System.nanoTime() + 2_300_000_000L;
            long id = 0;
            while (System.nanoTime() < end) { // about 2,000 trades a second, two at a time
                long e = MicroClock.nowMicros();
                server.send(trades, FakeBinanceServer.tradeFrame("BTCUSDT", ++id, e, e));
                server.send(trades, FakeBinanceServer.tradeFrame("ETHUSDT", id, e, e));
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            assertThat(run.finishAfterRows(2 * id, WAIT)).isZero();

            long[] rtts = Files.readAllLines(dir.resolve("trades.rtt.csv")).stream().skip(1).map(l -> l.split(",", -1))
                    .filter(f -> f[2].equals("ws_ping") && !f[4].isEmpty()).mapToLong(f -> Long.parseLong(f[4]))
                    .sorted().toArray();
            assertThat(rtts).hasSizeGreaterThanOrEqualTo(4);
            assertThat(rtts[(rtts.length - 1) / 2]).as("median RTT against pongs %d µs late: %s", pongDelayUs,
                    java.util.Arrays.toString(rtts)).isBetween(pongDelayUs * 9 / 10, pongDelayUs * 11 / 10);
            long[] latencies = run.rows().stream().mapToLong(CollectorRun.Row::latencyUs).sorted().toArray();
            assertThat(latencies).hasSize((int) (2 * id));
            // A 40 ms stall at every ping (400 ms apart) holds a tenth of the trades back by 20 ms or more. With pings
            // on the trade connection and no TCP_QUICKACK, this run measured a median RTT of 43 ms and failed here.
            assertThat(latencies[(int) (latencies.length * 0.95)]).as("p95 latency, µs").isLessThan(10_000);
        }
    }

    @Nested
    class SeveralEndpoints {

        @Test
        void givesEachEndpointItsOwnConnectionsAndMarksEveryRowWithItsEndpoint() throws Exception {
            try (FakeBinanceServer second = FakeBinanceServer.start(WAIT);
                 FakeBinanceServer orders = FakeBinanceServer.start(WAIT)) {
                CollectorRun run = CollectorRun.start(dir, "--endpoint", server.endpoint() + "," + second.endpoint()
                                + ",rtt-only:" + orders.endpoint() + "/ws-api/v3", "--symbols", "BTCUSDT",
                        "--duration-seconds", LONG, "--ping-interval-ms", "400");
                assertThat(await(() -> server.anySubscribed(1) && second.anySubscribed(1), WAIT)).isTrue();
                assertThat(await(() -> orders.incoming.stream().anyMatch(m -> m.kind().equals("ping")), WAIT)).isTrue();
                server.sendTrade("BTCUSDT", 1);
                second.sendTrade("BTCUSDT", 1);
                assertThat(run.finishAfterRows(2, WAIT)).isZero();

                assertThat(run.csvLines().get(0)).isEqualTo(CsvTradeWriter.HEADER)
                        .endsWith(",latency_us,connection,endpoint");
                assertThat(run.csvLines().subList(1, 3)).extracting(l -> l.substring(l.lastIndexOf(',') + 1))
                        .containsExactlyInAnyOrder(server.endpoint(), second.endpoint());
                assertThat(orders.resourceDescriptors).containsExactly("/ws-api/v3");
                assertThat(orders.received).as("rtt-only: no SUBSCRIBE, nothing but pings").isEmpty();
                assertThat(Files.readString(dir.resolve("trades.rtt.csv")))
                        .as("connections 0 to 3: a trade connection and a probe per trade endpoint; 4: rtt-only")
                        .contains(orders.endpoint() + "/ws-api/v3,4,ws_ping,");
            }
        }
    }

    /** Whether the file being written as {@code name} (staged until the run ends: .name.partial-*) holds text. */
    private boolean stagedContains(String name, String text) {
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("." + name + ".partial-"))
                    .toList()) {
                if (Files.readString(file).contains(text)) {
                    return true;
                }
            }
            return false;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Nested
    class AllSymbols {

        @Test
        void subscribesEveryTradingSpotSymbolFromExchangeInfo() throws Exception {
            HttpServer rest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            String body = "{\"timezone\":\"UTC\",\"rateLimits\":[{\"rateLimitType\":\"REQUEST_WEIGHT\"}],"
                    + "\"symbols\":["
                    + "{\"symbol\":\"BTCUSDT\",\"status\":\"TRADING\",\"filters\":[{\"filterType\":\"PRICE_FILTER\"}],"
                    + "\"isSpotTradingAllowed\":true},"
                    + "{\"symbol\":\"OLDCOIN\",\"status\":\"BREAK\",\"isSpotTradingAllowed\":true},"
                    + "{\"symbol\":\"ETHBTC\",\"status\":\"TRADING\"},"
                    + "{\"symbol\":\"MARGINONLY\",\"status\":\"TRADING\",\"isSpotTradingAllowed\":false}]}";
            List<String> paths = new ArrayList<>();
            rest.createContext("/", exchange -> {
                paths.add(exchange.getRequestURI().getPath());
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            rest.start();
            try {
                CollectorRun run = collect("ALL", LONG, "--rest-endpoint",
                        "http://127.0.0.1:" + rest.getAddress().getPort());
                assertThat(await(() -> server.subscribedCount(0, 2), WAIT)).isTrue();
                server.sendTrade("ETHBTC", 1);
                assertThat(run.finishAfterRows(1, WAIT)).isZero();
                assertThat(paths).containsExactly("/api/v3/exchangeInfo");
                assertThat(server.subscriptions.get(0)).containsExactly("btcusdt@trade", "ethbtc@trade");
            } finally {
                rest.stop(0);
            }
        }
    }

    @Nested
    class Sigterm {

        private Process collectorProcess(Path csv) throws java.io.IOException {
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            return new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                    StreamTrades.class.getName(), "--endpoint", server.endpoint(), "--symbols", "BTCUSDT",
                    "--duration-seconds", "60", "--out", csv.toString(), "--log", dir.resolve("s.log").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.txt").toFile()).start();
        }

        @Test
        void flushesEveryReceivedRowAndReportsExit143InTheSummaryAsTheProcessDoes() throws Exception {
            Path csv = dir.resolve("sigterm.csv");
            Process process = collectorProcess(csv);
            try {
                assertThat(await(() -> server.anySubscribed(1), Duration.ofSeconds(10))).isTrue();
                for (long id = 1; id <= 30; id++) {
                    server.sendTrade("BTCUSDT", id);
                }
                Thread.sleep(200);
                process.destroy(); // SIGTERM
                assertThat(process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                String output = Files.readString(dir.resolve("stdout.txt"));
                assertThat(output).contains("summary rows=30").contains(" exit=143 ");
                assertThat(process.exitValue()).isEqualTo(Collector.EXIT_SIGTERM);
                assertThat(CollectorRun.readRows(csv)).extracting(CollectorRun.Row::tradeId)
                        .containsExactlyElementsOf(IntStream.rangeClosed(1, 30).asLongStream().boxed().toList());
                assertThat(Files.readString(dir.resolve("s.log"))).contains("stopping: SIGTERM received");
                assertThat(dir.resolve("sigterm.rtt.csv")).exists();
                assertThat(dir).as("moved into place: no partial file, no lock")
                        .isDirectoryNotContaining("glob:**/.sigterm*").isDirectoryNotContaining("glob:**/*.lock");
            } finally {
                process.destroyForcibly();
            }
        }

        @Test
        void beforeAnyTradeExitsWithTheNoTradeCodeItsSummaryPrints() throws Exception {
            Path csv = dir.resolve("empty.csv");
            Process process = collectorProcess(csv);
            try {
                assertThat(await(() -> server.anySubscribed(1), Duration.ofSeconds(10))).isTrue();
                process.destroy(); // SIGTERM
                assertThat(process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                assertThat(Files.readString(dir.resolve("stdout.txt"))).contains("summary rows=0").contains(" exit=6 ");
                assertThat(process.exitValue()).isEqualTo(Collector.EXIT_NO_TRADES);
                assertThat(CollectorRun.readRows(csv)).isEmpty();
                assertThat(csv).content().startsWith(CsvTradeWriter.HEADER);
                assertThat(dir).isDirectoryNotContaining("glob:**/.empty*").isDirectoryNotContaining("glob:**/*.lock");
            } finally {
                process.destroyForcibly();
            }
        }
    }

    @Nested
    class EmptyRuns {

        @Test
        void aCollectorThatNeverConnectsExitsSixNotZeroAndSaysWhy() throws Exception {
            int closedPort = FakeBinanceServer.closedPort();
            CollectorRun run = CollectorRun.start(dir, "--endpoint", "ws://127.0.0.1:" + closedPort, "--symbols",
                    "BTCUSDT", "--duration-seconds", "1");
            assertThat(run.awaitExit(WAIT)).isEqualTo(Collector.EXIT_NO_TRADES).isEqualTo(6);
            assertThat(run.csvLines()).as("where no recording was, the header says the run recorded nothing")
                    .containsExactly(CsvTradeWriter.HEADER);
            assertThat(dir.resolve("trades.rtt.csv")).content().startsWith(RttWriter.HEADER + "\n");
            assertThat(dir).isDirectoryNotContaining("glob:**/.trades*").isDirectoryNotContaining("glob:**/*.lock");
            assertThat(run.stdout()).contains("summary rows=0").contains(" exit=6 ");
            assertThat(run.logText()).contains("could not connect to ws://127.0.0.1:" + closedPort)
                    .contains("connection refused").contains("error: no trade was recorded")
                    .contains(run.csv + " holds only its header").doesNotContain("null").doesNotContain("Exception");
        }

        @Test
        void anUnreachableExchangeInfoNamesTheUrlAndTheCauseInsteadOfNull() throws Exception {
            int closedPort = FakeBinanceServer.closedPort();
            CollectorRun run = CollectorRun.start(dir, "--endpoint", server.endpoint(), "--symbols", "ALL",
                    "--rest-endpoint", "http://127.0.0.1:" + closedPort, "--duration-seconds", "1");
            assertThat(run.awaitExit(WAIT)).isEqualTo(Collector.EXIT_FAILURE);
            assertThat(run.stdout()).contains("cannot list symbols for --symbols ALL: GET http://127.0.0.1:"
                    + closedPort + "/api/v3/exchangeInfo failed: connection refused").doesNotContain("null");
        }
    }

}
