package com.kubetrader.collector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * On-demand benchmark, not a test: drives the real stream-trades.jar in a separate JVM from a
 * fake Binance server on 127.0.0.1 at fixed message rates, then reads trades.csv back and
 * reports the sustained rate and latency percentiles, and the round trip of its pings against a pong delay the
 * server injects. Run through bench/collector-bench.sh.
 *
 * <p>Arguments: {@code <stream-trades.jar> <work dir> <seconds per rate> <rate>...}
 */
public final class CollectorBenchmark {

    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT");
    /** Trades sent in the first two seconds warm up both JITs; they are reported apart. */
    private static final long WARMUP_US = 2_000_000;
    /**
     * The server answers each ping this much later; the collector's median RTT must come out within 10 %. 20 ms,
     * because on this 2-core VM the loopback path itself (the JDK client's and the fake server's thread hand-offs,
     * behind the trades) adds about a millisecond, which the calibration line reports on its own.
     */
    static final long INJECTED_PONG_DELAY_US = 20_000;
    private static final int PING_INTERVAL_MILLIS = 400;

    private CollectorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: CollectorBenchmark <stream-trades.jar> <work dir> <seconds> <rate>...");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        Path work = Files.createDirectories(Path.of(args[1]));
        int seconds = Integer.parseInt(args[2]);
        System.out.println("ping floor on loopback, no injected delay, no trades: p50 " + pingFloorUs(jar, work)
                + " µs");
        System.out.println();
        System.out.println("| target msg/s | sent | rows | sustained msg/s | p50 latency_us | p99 latency_us "
                + "| max latency_us | max latency_us in warm-up | malformed | gaps | pings | p50 rtt_us (injected "
                + INJECTED_PONG_DELAY_US + ") | rtt error |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int i = 3; i < args.length; i++) {
            System.out.println(runOnce(jar, work, seconds, Integer.parseInt(args[i])));
        }
    }

    private static String runOnce(Path jar, Path work, int seconds, int rate) throws Exception {
        Path csv = work.resolve("trades-" + rate + ".csv");
        Path log = work.resolve("collector-" + rate + ".log");
        Path stdout = work.resolve("collector-" + rate + ".out");
        try (FakeBinanceServer server = FakeBinanceServer.start(Duration.ofSeconds(5))) {
            server.pongDelayNanos = TimeUnit.MICROSECONDS.toNanos(INJECTED_PONG_DELAY_US);
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process collector = new ProcessBuilder(javaBin, "-jar", jar.toString(),
                    "--ping-interval-ms", String.valueOf(PING_INTERVAL_MILLIS),
                    "--endpoint", server.endpoint(), "--symbols", String.join(",", SYMBOLS),
                    "--duration-seconds", String.valueOf(seconds + 3), "--out", csv.toString(),
                    "--log", log.toString(), "--progress-seconds", "2")
                    .redirectErrorStream(true).redirectOutput(stdout.toFile()).start();
            if (!FakeBinanceServer.await(() -> server.subscribedCount(0, SYMBOLS.size()), Duration.ofSeconds(10))) {
                collector.destroyForcibly();
                throw new IllegalStateException("collector did not subscribe; see " + log);
            }
            long sendStartUs = MicroClock.nowMicros();
            long sent = send(server, rate, seconds);
            if (!collector.waitFor(seconds + 20L, TimeUnit.SECONDS)) {
                collector.destroyForcibly();
                throw new IllegalStateException("collector did not finish; see " + log);
            }
            String summary = Files.readString(stdout).trim();
            return report(rate, sent, CollectorRun.readRows(csv), summary, sendStartUs + WARMUP_US)
                    + roundTrips(csv.resolveSibling("rtt.csv"), sendStartUs + WARMUP_US);
        }
    }

    /** The median RTT of a collector that only pings a server answering at once: the instrument's own floor. */
    private static long pingFloorUs(Path jar, Path work) throws Exception {
        Path dir = Files.createDirectories(work.resolve("floor"));
        try (FakeBinanceServer server = FakeBinanceServer.start(Duration.ofSeconds(5))) {
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process collector = new ProcessBuilder(javaBin, "-jar", jar.toString(), "--ping-interval-ms",
                    String.valueOf(PING_INTERVAL_MILLIS), "--endpoint", server.endpoint(), "--symbols", "BTCUSDT",
                    "--duration-seconds", "10", "--out", dir.resolve("trades.csv").toString(), "--log",
                    dir.resolve("collector.log").toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("collector.out").toFile()).start();
            if (!collector.waitFor(30, TimeUnit.SECONDS)) {
                collector.destroyForcibly();
                throw new IllegalStateException("the calibration collector did not finish");
            }
            long[] rtts = Files.readAllLines(dir.resolve("rtt.csv")).stream().skip(1).map(l -> l.split(",", -1))
                    .filter(f -> f[2].equals("ws_ping") && !f[4].isEmpty()).mapToLong(f -> Long.parseLong(f[4]))
                    .sorted().toArray();
            // the first pings warm both JVMs up
            return percentile(java.util.Arrays.copyOfRange(rtts, Math.min(5, rtts.length - 1), rtts.length), 0.5);
        }
    }

    /** Sends {@code rate} trades a second for {@code seconds}, in small bursts every ~100 µs. */
    private static long send(FakeBinanceServer server, int rate, int seconds) {
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long sent = 0;
        long[] tradeIds = new long[SYMBOLS.size()];
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                return sent;
            }
            long due = (now - start) * rate / 1_000_000_000L;
            while (sent < due) {
                int s = (int) (sent % SYMBOLS.size());
                long eventUs = MicroClock.nowMicros();
                server.send(0, FakeBinanceServer.tradeFrame(SYMBOLS.get(s), ++tradeIds[s], eventUs, eventUs));
                sent++;
            }
            LockSupport.parkNanos(100_000);
        }
    }

    private static String report(int rate, long sent, List<CollectorRun.Row> rows, String summary,
                                 long steadyFromUs) {
        if (rows.isEmpty()) {
            return "| " + rate + " | " + sent + " | 0 | - | - | - | - | - | - | - |";
        }
        long firstRecv = rows.stream().mapToLong(CollectorRun.Row::recvTimeUs).min().orElseThrow();
        long lastRecv = rows.stream().mapToLong(CollectorRun.Row::recvTimeUs).max().orElseThrow();
        double sustained = (rows.size() - 1) / Math.max(1e-6, (lastRecv - firstRecv) / 1e6);
        long[] latencies = rows.stream().filter(r -> r.eventTimeUs() >= steadyFromUs)
                .mapToLong(CollectorRun.Row::latencyUs).sorted().toArray();
        long warmupMax = rows.stream().filter(r -> r.eventTimeUs() < steadyFromUs)
                .mapToLong(CollectorRun.Row::latencyUs).max().orElse(0);
        if (latencies.length == 0) {
            throw new IllegalStateException("no rows after the warm-up; run longer");
        }
        String malformed = field(summary, "malformed");
        String gaps = field(summary, "gaps");
        return String.format(Locale.ROOT, "| %d | %d | %d | %.0f | %d | %d | %d | %d | %s | %s |", rate, sent,
                rows.size(), sustained, percentile(latencies, 0.50), percentile(latencies, 0.99),
                latencies[latencies.length - 1], warmupMax, malformed, gaps);
    }

    /** The pings sent after the warm-up: count, median RTT and its error against the injected pong delay. */
    private static String roundTrips(Path rttCsv, long steadyFromUs) throws java.io.IOException {
        long[] rtts = Files.readAllLines(rttCsv).stream().skip(1).map(l -> l.split(",", -1))
                .filter(f -> f[2].equals("ws_ping") && !f[4].isEmpty() && Long.parseLong(f[3]) >= steadyFromUs)
                .mapToLong(f -> Long.parseLong(f[4])).sorted().toArray();
        if (rtts.length == 0) {
            return " 0 | - | - |";
        }
        long p50 = percentile(rtts, 0.50);
        return String.format(Locale.ROOT, " %d | %d | %+.1f %% |", rtts.length, p50,
                100.0 * (p50 - INJECTED_PONG_DELAY_US) / INJECTED_PONG_DELAY_US);
    }

    private static long percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String field(String summary, String name) {
        List<String> parts = new ArrayList<>(Arrays.asList(summary.split("\\s+")));
        for (String part : parts) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        return "?";
    }
}
