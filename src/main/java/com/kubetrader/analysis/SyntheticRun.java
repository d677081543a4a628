package com.kubetrader.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes a run directory in the layout {@code aws s3 sync} brings down, with latency distributions chosen by the
 * caller so the right answers are known: per instance a base floor in µs, per (instance, symbol) a fixed offset drawn
 * uniformly from [0, symbolJitterUs), and per trade an exponential tail with mean tailMeanUs. Every instance sees the
 * same trade sequence (symbols drawn uniformly, trade ids increasing per symbol); an instance may miss a trade
 * (dropRate) or write it twice (duplicateRate; the second row is 1..500 µs slower, as a late repeat would be).
 *
 * <p>For small runs, {@link Spec#keepTruth} records the aligned readings so tests can compare the analysis with an
 * independent computation.
 */
public final class SyntheticRun {

    public static final String HEADER = "symbol,trade_id,event_time_us,trade_time_us,recv_time_us,latency_us";
    public static final long START_US = 1_732_200_000_000_000L;

    /** One simulated benchmark instance. */
    public record Instance(String instanceId, String azId, String azName, double baseFloorUs, double clockBoundUs,
                           double dropRate, double duplicateRate, boolean noTrades) {

        public static Instance of(String instanceId, String azId, String azName, double baseFloorUs,
                                  double clockBoundUs) {
            return new Instance(instanceId, azId, azName, baseFloorUs, clockBoundUs, 0, 0, false);
        }

        public Instance withDropRate(double rate) {
            return new Instance(instanceId, azId, azName, baseFloorUs, clockBoundUs, rate, duplicateRate, noTrades);
        }

        public Instance withDuplicateRate(double rate) {
            return new Instance(instanceId, azId, azName, baseFloorUs, clockBoundUs, dropRate, rate, noTrades);
        }

        public Instance withNoTrades() {
            return new Instance(instanceId, azId, azName, baseFloorUs, clockBoundUs, dropRate, duplicateRate, true);
        }
    }

    /** What to generate. tradesPerInstance counts trades before drops and duplicates. */
    public record Spec(List<Instance> instances, int symbols, long trades, double symbolJitterUs, double tailMeanUs,
                       long seed, boolean extraColumn, boolean keepTruth) {

        public static Spec of(List<Instance> instances, int symbols, long trades) {
            return new Spec(instances, symbols, trades, 40, 150, 42L, false, true);
        }

        public Spec withSeed(long s) {
            return new Spec(instances, symbols, trades, symbolJitterUs, tailMeanUs, s, extraColumn, keepTruth);
        }

        public Spec withExtraColumn() {
            return new Spec(instances, symbols, trades, symbolJitterUs, tailMeanUs, seed, true, keepTruth);
        }

        public Spec withoutTruth() {
            return new Spec(instances, symbols, trades, symbolJitterUs, tailMeanUs, seed, extraColumn, false);
        }

        public Spec withJitter(double symbolJitter, double tailMean) {
            return new Spec(instances, symbols, trades, symbolJitter, tailMean, seed, extraColumn, keepTruth);
        }
    }

    /** What an analysis of the generated run must find, per instance id. Latencies only when keepTruth. */
    public record Truth(Map<String, Long> rows, Map<String, Long> droppedNotSeenByAll,
                        Map<String, Long> droppedDuplicate, long alignedTrades,
                        Map<String, Map<String, List<Long>>> alignedLatencies) {
    }

    private SyntheticRun() {
    }

    public static String symbolName(int index) {
        return String.format("SYM%04dUSDT", index);
    }

    /** Writes {@code runDir/<instanceId>/{metadata.json,trades.csv}} for every instance and returns the truth. */
    public static Truth write(Path runDir, Spec spec) throws IOException {
        List<Instance> instances = spec.instances();
        int n = instances.size();
        String[] symbols = new String[spec.symbols()];
        for (int s = 0; s < symbols.length; s++) {
            symbols[s] = symbolName(s);
        }
        Random shared = new Random(spec.seed());
        Random[] rnd = new Random[n];
        double[][] offset = new double[n][spec.symbols()];
        BufferedWriter[] out = new BufferedWriter[n];
        Map<String, Long> rows = new LinkedHashMap<>();
        Map<String, Long> notSeen = new LinkedHashMap<>();
        Map<String, Long> dups = new LinkedHashMap<>();
        Map<String, Map<String, List<Long>>> aligned = new LinkedHashMap<>();
        long[] rowCount = new long[n];
        long[] notSeenCount = new long[n];
        long[] dupCount = new long[n];
        for (int i = 0; i < n; i++) {
            Instance in = instances.get(i);
            rnd[i] = new Random(spec.seed() * 31 + i + 1);
            for (int s = 0; s < spec.symbols(); s++) {
                offset[i][s] = rnd[i].nextDouble() * spec.symbolJitterUs();
            }
            Path dir = Files.createDirectories(runDir.resolve(in.instanceId()));
            writeMetadata(dir, in.instanceId(), in.azId(), in.azName(), in.clockBoundUs(), "wss://synthetic.invalid",
                    spec.symbols(), Instant.ofEpochSecond(START_US / 1_000_000),
                    Instant.ofEpochSecond(START_US / 1_000_000 + 3600));
            out[i] = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(dir.resolve("trades.csv")),
                    StandardCharsets.US_ASCII), 1 << 20);
            out[i].write(HEADER);
            out[i].write(spec.extraColumn() ? ",is_buyer_maker\n" : "\n");
            if (spec.keepTruth()) {
                Map<String, List<Long>> bySymbol = new LinkedHashMap<>();
                for (String sym : symbols) {
                    bySymbol.put(sym, new ArrayList<>());
                }
                aligned.put(in.instanceId(), bySymbol);
            }
        }
        long[] nextTradeId = new long[spec.symbols()];
        for (int s = 0; s < nextTradeId.length; s++) {
            nextTradeId[s] = 1_000_000L + shared.nextInt(1_000_000);
        }
        boolean[] recorded = new boolean[n];
        boolean[] duplicated = new boolean[n];
        long[] latency = new long[n];
        long alignedTrades = 0;
        StringBuilder line = new StringBuilder(128);
        for (long k = 0; k < spec.trades(); k++) {
            int s = shared.nextInt(spec.symbols());
            long tradeId = nextTradeId[s]++;
            long eventUs = START_US + k * 97;
            long tradeUs = eventUs - shared.nextInt(1000);
            boolean all = true;
            for (int i = 0; i < n; i++) {
                Instance in = instances.get(i);
                double tail = -Math.log(1 - rnd[i].nextDouble()) * spec.tailMeanUs();
                latency[i] = Math.round(in.baseFloorUs() + offset[i][s] + tail);
                recorded[i] = !in.noTrades() && rnd[i].nextDouble() >= in.dropRate();
                duplicated[i] = recorded[i] && rnd[i].nextDouble() < in.duplicateRate();
                if (!in.noTrades() && !recorded[i]) {
                    all = false;
                }
            }
            if (all) {
                alignedTrades++;
            }
            for (int i = 0; i < n; i++) {
                if (!recorded[i]) {
                    continue;
                }
                int copies = duplicated[i] ? 2 : 1;
                for (int c = 0; c < copies; c++) {
                    long lat = latency[i] + (c == 0 ? 0 : 1 + rnd[i].nextInt(500));
                    line.setLength(0);
                    line.append(symbols[s]).append(',').append(tradeId).append(',').append(eventUs).append(',')
                            .append(tradeUs).append(',').append(eventUs + lat).append(',').append(lat);
                    if (spec.extraColumn()) {
                        line.append(',').append((tradeId & 1) == 0);
                    }
                    line.append('\n');
                    out[i].append(line);
                }
                rowCount[i] += copies;
                dupCount[i] += copies - 1;
                if (!all) {
                    notSeenCount[i]++;
                } else if (spec.keepTruth()) {
                    aligned.get(instances.get(i).instanceId()).get(symbols[s]).add(latency[i]);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            out[i].close();
            String id = instances.get(i).instanceId();
            rows.put(id, rowCount[i]);
            notSeen.put(id, notSeenCount[i]);
            dups.put(id, dupCount[i]);
        }
        return new Truth(rows, notSeen, dups, alignedTrades, aligned);
    }

    /**
     * Appends round trips to {@code instanceDir/trades.rtt.csv} as the collector writes them: {@code samples} pings of
     * {@code floorUs} plus an exponential tail of mean {@code tailMeanUs} (seeded), then {@code lost} lost pings.
     */
    public static void writeRoundTrips(Path instanceDir, String endpoint, int connection, double floorUs,
                                       double tailMeanUs, int samples, int lost, long seed) throws IOException {
        Path file = instanceDir.resolve(RoundTrips.FILE);
        Random rnd = new Random(seed);
        StringBuilder sb = new StringBuilder(Files.exists(file) ? "" : RoundTrips.HEADER + "\n");
        for (int k = 0; k < samples + lost; k++) {
            long sent = START_US + k * 1_000_000L;
            String rtt = k < samples ? Long.toString(Math.round(floorUs - Math.log(1 - rnd.nextDouble()) * tailMeanUs))
                    : "";
            sb.append(endpoint).append(',').append(connection).append(",ws_ping,").append(sent).append(',')
                    .append(rtt).append('\n');
        }
        sb.append(endpoint).append(",,tcp_connect,").append(START_US).append(',')
                .append(Math.round(floorUs / 2)).append('\n');
        Files.writeString(file, sb, StandardCharsets.US_ASCII, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    /** Writes {@code instanceDir/clock.csv} as sample-clock.sh does, one row per bound (µs). */
    public static void writeClock(Path instanceDir, List<Double> boundsUs) throws IOException {
        StringBuilder sb = new StringBuilder("time_utc,reference_id,stratum,system_time_s,last_offset_s,rms_offset_s,"
                + "frequency_ppm,residual_freq_ppm,skew_ppm,root_delay_s,root_dispersion_s,update_interval_s,"
                + "leap_status,bound_us\n");
        for (int k = 0; k < boundsUs.size(); k++) {
            double b = boundsUs.get(k);
            // the bound split as chrony would report it: root delay / 2 + dispersion + |system time|
            sb.append(Instant.ofEpochSecond(START_US / 1_000_000 + 30L * k)).append(",A9FEA97B (169.254.169.123),2,")
                    .append(String.format(java.util.Locale.ROOT, "%.9f,0.0,0.0,-3.5,0.0,0.02,%.9f,%.9f,16.0,Normal,%.3f",
                            b * 0.1e-6, b * 1e-6, b * 0.4e-6, b))
                    .append('\n');
        }
        Files.writeString(instanceDir.resolve(ClockSamples.FILE), sb, StandardCharsets.US_ASCII);
    }

    /**
     * Joins runs generated one per endpoint into one run of the collector's multi-endpoint layout: every
     * instance's trades.csv gains the connection and endpoint columns, and its metadata.json names the endpoints
     * in the map's order. The runs must hold the same instances.
     */
    public static void mergeEndpoints(Path target, Map<String, Path> runsByEndpoint) throws IOException {
        List<String> endpoints = new ArrayList<>(runsByEndpoint.keySet());
        Path first = runsByEndpoint.get(endpoints.get(0));
        try (java.util.stream.Stream<Path> dirs = Files.list(first)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                Path out = Files.createDirectories(target.resolve(dir.getFileName()));
                StringBuilder trades = new StringBuilder();
                for (int e = 0; e < endpoints.size(); e++) {
                    List<String> lines = Files.readAllLines(runsByEndpoint.get(endpoints.get(e))
                            .resolve(dir.getFileName()).resolve("trades.csv"));
                    if (e == 0) {
                        trades.append(lines.get(0)).append(",connection,endpoint\n");
                    }
                    for (String line : lines.subList(1, lines.size())) {
                        trades.append(line).append(',').append(e).append(',').append(endpoints.get(e)).append('\n');
                    }
                }
                Files.writeString(out.resolve("trades.csv"), trades, StandardCharsets.US_ASCII);
                ObjectMapper mapper = new ObjectMapper();
                ObjectNode md = (ObjectNode) mapper.readTree(dir.resolve("metadata.json").toFile());
                md.put("endpoint", String.join(",", endpoints));
                mapper.writerWithDefaultPrettyPrinter().writeValue(out.resolve("metadata.json").toFile(), md);
            }
        }
    }

    /**
     * Writes a metadata.json as the benchmark instances do, with chrony figures whose bound
     * (|offset| + root dispersion + root delay / 2) equals clockBoundUs.
     */
    public static void writeMetadata(Path instanceDir, String instanceId, String azId, String azName,
                                     double clockBoundUs, String endpoint, int symbolCount, Instant startedAt,
                                     Instant endedAt) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("instanceId", instanceId);
        root.put("instanceType", "c8g.xlarge");
        root.put("region", "ap-northeast-1");
        root.put("availabilityZone", azName);
        root.put("availabilityZoneId", azId);
        root.put("amiId", "ami-00000000000000000");
        root.put("kernel", "6.1.0-synthetic");
        root.put("startedAt", startedAt.toString());
        root.put("endedAt", endedAt.toString());
        root.put("endpoint", endpoint);
        root.put("symbolCount", symbolCount);
        double offsetUs = clockBoundUs * 0.1;
        double dispersionUs = clockBoundUs * 0.4;
        double delayUs = clockBoundUs;
        ObjectNode chrony = root.putObject("chrony");
        chrony.put("referenceId", "A9FEA97B (169.254.169.123)");
        chrony.put("stratum", 2);
        chrony.put("systemTimeOffsetSeconds", offsetUs / 1e6);
        chrony.put("lastOffsetSeconds", offsetUs / 1e6);
        chrony.put("rmsOffsetSeconds", offsetUs / 2e6);
        chrony.put("rootDelaySeconds", delayUs / 1e6);
        chrony.put("rootDispersionSeconds", dispersionUs / 1e6);
        root.put("clockErrorBoundUs", clockBoundUs);
        try {
            Files.createDirectories(instanceDir);
            mapper.writerWithDefaultPrettyPrinter().writeValue(instanceDir.resolve("metadata.json").toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Benchmark main: {@code SyntheticRun <runDir> <tradesPerInstance> <symbols>} writes three instances
     * (apne1-az4, apne1-az1, apne1-az2) of that many trades each, without keeping the truth.
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        long trades = Long.parseLong(args[1]);
        int symbols = Integer.parseInt(args[2]);
        List<Instance> instances = List.of(
                Instance.of("i-0a3f8c12", "apne1-az4", "ap-northeast-1a", 300, 84).withDuplicateRate(0.0005),
                Instance.of("i-0c7e92b4", "apne1-az1", "ap-northeast-1c", 950, 84).withDropRate(0.001),
                Instance.of("i-0d2a16e9", "apne1-az2", "ap-northeast-1d", 1400, 84).withDropRate(0.002));
        long t0 = System.nanoTime();
        Truth truth = write(dir, new Spec(instances, symbols, trades, 40, 150, 7L, false, false));
        System.err.printf("wrote %s in %.1f s: rows %s, aligned trades %d%n", dir, (System.nanoTime() - t0) / 1e9,
                truth.rows(), truth.alignedTrades());
    }
}
