package com.kubetrader.rehearsal;

import com.kubetrader.analysis.Analysis;
import com.kubetrader.analysis.AnalysisException;
import com.kubetrader.analysis.RunAnalyzer;
import com.kubetrader.analysis.StagedDirectory;
import com.kubetrader.analysis.Summary;
import com.kubetrader.analysis.SyntheticRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The benchmark end to end on one machine: a local {@link ExchangeSimulator} with one delay profile per simulated
 * AZ, one collector process per AZ recording into {@code <out>/run/<instanceId>/trades.csv}, a metadata.json per
 * instance, then {@code analyze} into {@code <out>/report/}. The ranking must come out as injected.
 */
public final class Rehearsal {

    /**
     * The injected profiles, best first: the order the analysis must find. One-way +300/+950/+1400 µs; round trips
     * +600/+1900/+2800 µs, injected independently of the one-way delay.
     */
    public static final List<ExchangeSimulator.AzProfile> PROFILES = List.of(
            new ExchangeSimulator.AzProfile("apne1-az4", "ap-northeast-1a", 300, 600, 60, 120),
            new ExchangeSimulator.AzProfile("apne1-az1", "ap-northeast-1c", 950, 1900, 60, 120),
            new ExchangeSimulator.AzProfile("apne1-az2", "ap-northeast-1d", 1400, 2800, 60, 120));

    /** The two endpoints the simulator serves: names as the collectors' CSVs carry them. */
    public static final String PRIMARY_ENDPOINT = "spot";
    public static final String SECOND_ENDPOINT = "vision";

    /** Pings in a rehearsal: the fastest the collector allows, so a short run still has samples to rank. */
    static final int PING_INTERVAL_MILLIS = 400;

    /** The second endpoint's profiles: the same order, or apne1-az4 and apne1-az1 swapped so the endpoints disagree. */
    public static List<ExchangeSimulator.AzProfile> secondEndpointProfiles(boolean swapped) {
        if (!swapped) {
            return PROFILES;
        }
        ExchangeSimulator.AzProfile a = PROFILES.get(0);
        ExchangeSimulator.AzProfile b = PROFILES.get(1);
        return List.of(
                new ExchangeSimulator.AzProfile(a.azId(), a.azName(), b.baseDelayUs(), b.rttBaseUs(), b.jitterUs(),
                        b.tailMeanUs()),
                new ExchangeSimulator.AzProfile(b.azId(), b.azName(), a.baseDelayUs(), a.rttBaseUs(), a.jitterUs(),
                        a.tailMeanUs()),
                PROFILES.get(2));
    }

    /** An endpoint's AZ IDs, best first, as injected. */
    static List<String> order(List<ExchangeSimulator.AzProfile> profiles) {
        return profiles.stream().sorted(java.util.Comparator.comparingDouble(ExchangeSimulator.AzProfile::baseDelayUs))
                .map(ExchangeSimulator.AzProfile::azId).toList();
    }

    /**
     * How often the simulated chrony is sampled into clock.csv. A real instance samples every 30 s
     * (sample-clock.sh); a rehearsal lasts seconds, so every second.
     */
    static final long CLOCK_SAMPLE_SECONDS = 1;

    private static final List<String> NAMED = List.of("BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT", "XRPUSDT",
            "DOGEUSDT", "ADAUSDT", "TRXUSDT", "AVAXUSDT", "LINKUSDT", "DOTUSDT", "LTCUSDT", "BCHUSDT", "UNIUSDT",
            "ATOMUSDT", "ETCUSDT", "XLMUSDT", "FILUSDT", "APTUSDT", "ARBUSDT");

    /**
     * @param collectorCommand the collector invocation before its arguments, e.g. {@code [java, -jar, stream-trades.jar]}
     * @param allSymbols       pass {@code --symbols ALL --rest-endpoint <simulator>} instead of an explicit list
     */
    public record Options(Path out, int durationSeconds, int symbols, double ratePerSecond,
                          List<String> collectorCommand, boolean allSymbols, String stack,
                          boolean secondEndpointSwapped, Consumer<String> progress,
                          java.util.Map<String, Long> clockSkewUs, boolean overwrite) {

        public Options {
            clockSkewUs = java.util.Map.copyOf(clockSkewUs);
        }

        /** An earlier rehearsal in {@code out} is refused. */
        public Options(Path out, int durationSeconds, int symbols, double ratePerSecond,
                       List<String> collectorCommand, boolean allSymbols, String stack,
                       boolean secondEndpointSwapped, Consumer<String> progress,
                       java.util.Map<String, Long> clockSkewUs) {
            this(out, durationSeconds, symbols, ratePerSecond, collectorCommand, allSymbols, stack,
                    secondEndpointSwapped, progress, clockSkewUs, false);
        }

        /** No clock skewed. */
        public Options(Path out, int durationSeconds, int symbols, double ratePerSecond,
                       List<String> collectorCommand, boolean allSymbols, String stack,
                       boolean secondEndpointSwapped, Consumer<String> progress) {
            this(out, durationSeconds, symbols, ratePerSecond, collectorCommand, allSymbols, stack,
                    secondEndpointSwapped, progress, java.util.Map.of());
        }
    }

    /**
     * The analysis summary and, per endpoint, the injected and the found one-way and round-trip orders. The
     * rehearsal succeeds when every endpoint's both rankings come out as injected.
     */
    public record Result(Summary summary, java.util.Map<String, List<String>> injected,
                         java.util.Map<String, List<String>> foundOneWay, java.util.Map<String, List<String>> foundRtt,
                         Path runDir, Path reportDir, long tradesEmitted, long subscribeRateWarnings,
                         java.util.Map<String, Long> clockSkewUs) {

        public List<String> injectedOrder() {
            return injected.get(PRIMARY_ENDPOINT);
        }

        public List<String> foundOrder() {
            return foundOneWay.get(PRIMARY_ENDPOINT);
        }

        /** Every endpoint's one-way and round-trip rankings as injected (the rehearsal without a skewed clock). */
        public boolean rankingMatches() {
            return injected.equals(foundOneWay) && injected.equals(foundRtt);
        }

        /**
         * What the rehearsal must find. Without a skewed clock: every ranking as injected. With one: the round trips
         * still as injected on every endpoint (they need no clock); the unskewed AZ IDs' one-way order as injected;
         * every skewed AZ ID either flagged by its clock evidence or not the one-way winner, on every endpoint
         * where it has trades; and nothing recommended but the injected best, and never a skewed AZ ID.
         */
        public boolean asExpected() {
            if (clockSkewUs.isEmpty()) {
                return rankingMatches();
            }
            if (!injected.equals(foundRtt)) {
                return false;
            }
            for (Summary.EndpointResult r : summary.endpoints()) {
                List<String> unskewed = r.azs().stream().map(Summary.Az::azId)
                        .filter(az -> !clockSkewUs.containsKey(az)).toList();
                List<String> expected = injected.get(r.endpoint()).stream().filter(unskewed::contains).toList();
                if (!unskewed.equals(expected)) {
                    return false;
                }
                for (String az : clockSkewUs.keySet()) {
                    boolean flagged = r.clockFlags().stream().anyMatch(f -> f.azId().equals(az));
                    if (!flagged && az.equals(r.oneWayBestAzId())) {
                        return false;
                    }
                }
            }
            String recommended = summary.recommendedPrimaryAzId();
            return recommended == null || (!clockSkewUs.containsKey(recommended)
                    && recommended.equals(injected.get(PRIMARY_ENDPOINT).get(0)));
        }
    }

    /** A rehearsal that could not run (collector failed, timed out, ...). */
    public static final class RehearsalException extends RuntimeException {
        public RehearsalException(String message) {
            super(message);
        }
    }

    private Rehearsal() {
    }

    public static List<String> symbols(int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(i < NAMED.size() ? NAMED.get(i) : SyntheticRun.symbolName(i));
        }
        return out;
    }

    public static String instanceId(ExchangeSimulator.AzProfile p) {
        return "i-rehearsal-" + p.azId();
    }

    /**
     * Runs the rehearsal. The collectors record into a staging directory inside {@code out}, which becomes
     * {@code out/run} only when every collector succeeded; on any failure everything this run created is removed,
     * so the next try starts clean.
     */
    public static Result run(Options o) throws IOException, InterruptedException {
        Path out = o.out().toAbsolutePath().normalize();
        Path runDir = out.resolve("run");
        Path reportDir = out.resolve("report");
        return inOut(out, runDir, reportDir, ".run.partial-", o.overwrite(), (staging, place) ->
                collectAndAnalyse(o, staging, place, runDir, reportDir));
    }

    /** What a rehearsal does with its staging directory, and how it moves it into place. */
    private interface StagedWork<T> {
        T run(Path staging, Placement place) throws IOException, InterruptedException;
    }

    /**
     * Moves the collected run(s) into place, setting an earlier rehearsal's aside (with --overwrite) so that a
     * rehearsal that fails or is stopped afterwards removes only the run it placed and puts the earlier one back.
     */
    static final class Placement {
        private final Path target;
        private volatile Path aside;
        private volatile boolean placed;

        Placement(Path target) {
            this.target = target;
        }

        void place(Path staging) throws IOException {
            if (Files.exists(target)) {
                Path old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
                Files.delete(old);
                Files.move(target, old, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                aside = old;
            }
            Files.move(staging, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            placed = true;
        }

        /** After a failure: this run's placed run removed, the earlier one (if set aside) back in its place. */
        void undo() {
            if (placed) {
                StagedDirectory.deleteTree(target);
                placed = false;
            }
            Path old = aside;
            if (old != null && Files.exists(old) && !Files.exists(target)) {
                try {
                    Files.move(old, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    aside = null;
                } catch (IOException e) {
                    // left under its .old- name rather than lost
                }
            }
        }

        /** After success: the earlier run, set aside, is no longer needed. */
        void finish() {
            Path old = aside;
            if (old != null) {
                StagedDirectory.deleteTree(old);
                aside = null;
            }
        }
    }

    /**
     * Runs {@code work} with a fresh staging directory inside {@code out}, refusing when {@code first} or
     * {@code second} exists already (unless {@code overwrite}). On any failure, and on Ctrl-C or SIGTERM, it removes
     * only what this run created (the staging directory, the {@code first} it placed, and {@code out} itself when it
     * made it) and puts an earlier {@code first} back; {@code second} is replaced only once complete by the analysis.
     * Another rehearsal cannot be writing {@code out} meanwhile: the command holds its lock.
     */
    private static <T> T inOut(Path out, Path first, Path second, String prefix, boolean overwrite,
                               StagedWork<T> work) throws IOException, InterruptedException {
        if (!overwrite && (Files.exists(first) || Files.exists(second))) {
            throw new RehearsalException(out + " already holds " + first.getFileName() + "/ or "
                    + second.getFileName() + "/ from an earlier rehearsal; choose an empty --out, or pass --overwrite");
        }
        Path createdOut = Files.exists(out) ? null : out;
        Files.createDirectories(out);
        Path staging = StagedDirectory.createUniqueDirectory(out, prefix);
        Placement place = new Placement(first);
        Runnable undo = () -> {
            StagedDirectory.deleteTree(staging);
            place.undo();
            if (createdOut != null) {
                StagedDirectory.deleteTree(createdOut);
            }
        };
        Runnable onSignal = com.kubetrader.output.Interrupts.register(undo);
        boolean done = false;
        try {
            T result = work.run(staging, place);
            done = true;
            place.finish();
            return result;
        } finally {
            com.kubetrader.output.Interrupts.unregister(onSignal);
            if (!done) {
                undo.run();
            }
        }
    }

    private static Result collectAndAnalyse(Options o, Path staging, Placement place, Path runDir, Path reportDir)
            throws IOException, InterruptedException {
        java.util.Map<String, List<ExchangeSimulator.AzProfile>> endpoints = new java.util.LinkedHashMap<>();
        endpoints.put(PRIMARY_ENDPOINT, PROFILES);
        endpoints.put(SECOND_ENDPOINT, secondEndpointProfiles(o.secondEndpointSwapped()));
        long[] counts = collect(o, endpoints, staging, runDir);
        place.place(staging);
        return analyse(o, endpoints, runDir, reportDir, counts);
    }

    private static Result analyse(Options o, java.util.Map<String, List<ExchangeSimulator.AzProfile>> endpoints,
                                  Path runDir, Path reportDir, long[] counts) {
        Summary summary;
        try {
            summary = Analysis.run(runDir, reportDir, o.stack(), null,
                    RunAnalyzer.Settings.defaults().withProgress(o.progress()), o.overwrite());
        } catch (AnalysisException e) {
            throw new RehearsalException("analysis of the rehearsal failed: " + e.getMessage());
        }
        java.util.Map<String, List<String>> injected = new java.util.LinkedHashMap<>();
        java.util.Map<String, List<String>> oneWay = new java.util.LinkedHashMap<>();
        java.util.Map<String, List<String>> rtt = new java.util.LinkedHashMap<>();
        endpoints.forEach((name, profiles) -> injected.put(name, order(profiles)));
        for (Summary.EndpointResult r : summary.endpoints()) {
            oneWay.put(r.endpoint(), r.azs().stream().map(Summary.Az::azId).toList());
            rtt.put(r.endpoint(), r.rtt().stream().map(Summary.RttAz::azId).toList());
        }
        return new Result(summary, injected, oneWay, rtt, runDir, reportDir, counts[0], counts[1], o.clockSkewUs());
    }

    /**
     * The same collection as {@code base}, analysed again as if the given collectors' clocks had been skewed: its run
     * is copied into {@code out/run}, the skews applied as {@link #run} applies them, and analysed into
     * {@code out/report}. Lets one collection be judged with sound clocks and with a lying one.
     */
    static Result reanalyseSkewed(Result base, Options o) throws IOException {
        Path runDir = o.out().toAbsolutePath().normalize().resolve("run");
        Path reportDir = o.out().toAbsolutePath().normalize().resolve("report");
        try (java.util.stream.Stream<Path> files = Files.walk(base.runDir())) {
            for (Path p : files.toList()) {
                Path to = runDir.resolve(base.runDir().relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        for (var e : o.clockSkewUs().entrySet()) {
            SimulatedChrony.skew(runDir.resolve("i-rehearsal-" + e.getKey()), e.getValue());
        }
        java.util.Map<String, List<ExchangeSimulator.AzProfile>> endpoints = new java.util.LinkedHashMap<>();
        endpoints.put(PRIMARY_ENDPOINT, PROFILES);
        endpoints.put(SECOND_ENDPOINT, secondEndpointProfiles(o.secondEndpointSwapped()));
        return analyse(o, endpoints, runDir, reportDir, new long[] {base.tradesEmitted(), base.subscribeRateWarnings()});
    }

    /**
     * One collection: the simulator with these endpoints' profiles, three collector processes recording into
     * {@code staging}, and each instance's metadata.json. Returns {trades emitted, messages over the 5/s limit}.
     */
    private static long[] collect(Options o, java.util.Map<String, List<ExchangeSimulator.AzProfile>> endpoints,
                                  Path staging, Path runDir) throws IOException, InterruptedException {
        List<String> symbols = symbols(o.symbols());
        List<Process> processes = new ArrayList<>();
        long tradesEmitted;
        long warnings;
        try (ExchangeSimulator sim = new ExchangeSimulator(symbols, endpoints, o.ratePerSecond(), 7L).start()) {
            o.progress().accept("exchange simulator on " + sim.wsBase("<endpoint>", "<azId>") + " and "
                    + sim.restBase() + ": " + endpoints.entrySet().stream().map(e -> e.getKey() + " "
                    + String.join(" < ", order(e.getValue()))).reduce((a, b) -> a + ", " + b).orElse("") + "; "
                    + symbols.size() + " symbols, " + o.ratePerSecond() + " trades/s");
            Instant started = Instant.now();
            // if this JVM is stopped (Ctrl-C, a test timeout), take the collectors down with it
            Thread reaper = new Thread(() -> processes.forEach(Process::destroyForcibly), "rehearsal-reaper");
            Runtime.getRuntime().addShutdownHook(reaper);
            try {
                for (ExchangeSimulator.AzProfile p : PROFILES) {
                    Path dir = Files.createDirectories(staging.resolve(instanceId(p)));
                    List<String> cmd = new ArrayList<>(o.collectorCommand());
                    cmd.addAll(List.of("--endpoint", endpointArgument(sim, p.azId()),
                            "--ping-interval-ms", Integer.toString(PING_INTERVAL_MILLIS),
                            "--symbols", o.allSymbols() ? "ALL" : String.join(",", symbols),
                            "--duration-seconds", Integer.toString(o.durationSeconds()),
                            "--out", dir.resolve("trades.csv").toString()));
                    if (o.allSymbols()) {
                        cmd.addAll(List.of("--rest-endpoint", sim.restBase()));
                    }
                    Path log = dir.resolve("collector.log");
                    processes.add(new ProcessBuilder(cmd).redirectErrorStream(true)
                            .redirectOutput(log.toFile()).start());
                    o.progress().accept("collector for " + p.azId() + " (+" + (int) p.baseDelayUs()
                            + " µs) started; its log will be " + runDir.resolve(instanceId(p)).resolve("collector.log"));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.durationSeconds() + 60L);
                for (int i = 0; i < processes.size(); i++) {
                    Process proc = processes.get(i);
                    ExchangeSimulator.AzProfile p = PROFILES.get(i);
                    long left = deadline - System.nanoTime();
                    if (!proc.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                        throw new RehearsalException("collector for " + p.azId() + " did not finish within "
                                + (o.durationSeconds() + 60) + " s; " + tail(staging, p));
                    }
                    if (proc.exitValue() != 0) {
                        throw new RehearsalException("collector for " + p.azId() + " exited with "
                                + proc.exitValue() + "; " + tail(staging, p));
                    }
                }
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(reaper);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running already
                }
                for (Process proc : processes) {
                    if (proc.isAlive()) {
                        proc.destroy();
                        if (!proc.waitFor(3, TimeUnit.SECONDS)) {
                            proc.destroyForcibly();
                        }
                    }
                }
            }
            Instant ended = Instant.now();
            tradesEmitted = sim.tradesEmitted();
            warnings = sim.subscribeRateWarnings();
            for (int i = 0; i < PROFILES.size(); i++) {
                ExchangeSimulator.AzProfile p = PROFILES.get(i);
                Path dir = staging.resolve(instanceId(p));
                long skew = o.clockSkewUs().getOrDefault(p.azId(), 0L);
                // the bound chrony reports stays small whatever the skew: that is the lie the round trips catch
                double endBound = SimulatedChrony.write(dir.resolve(com.kubetrader.analysis.ClockSamples.FILE),
                        started, ended, CLOCK_SAMPLE_SECONDS, 7L * 31 + i);
                if (skew != 0) {
                    SimulatedChrony.skew(dir, skew);
                    o.progress().accept("clock of " + p.azId() + " skewed by " + skew + " µs: its trades.csv and "
                            + "trades.rtt.csv stamps moved, its reported bound left at ±" + Math.round(endBound) + " µs");
                }
                SyntheticRun.writeMetadata(dir, instanceId(p), p.azId(), p.azName(), endBound,
                        endpointArgument(sim, p.azId()), symbols.size(), started.plus(skew, java.time.temporal.ChronoUnit.MICROS),
                        ended.plus(skew, java.time.temporal.ChronoUnit.MICROS));
                addRunId(dir, runDir.getFileName().toString().equals("run") ? "rehearsal-" + windowRunId(started, 0)
                        : runDir.getFileName().toString());
            }
            o.progress().accept("collectors done: " + tradesEmitted + " trades emitted, " + sim.framesSent()
                    + " frames sent" + (warnings > 0 ? ", " + warnings + " messages over Binance's 5/s limit" : ""));
        }
        return new long[] {tradesEmitted, warnings};
    }

    /** What a rehearsal of several windows found: the trend, and the flips it had to find. */
    public record WindowsResult(List<com.kubetrader.analysis.Trend.EndpointTrend> trends, List<String> expectedFlips,
                                Path runsDir, Path trendDir) {

        /** Every endpoint flipped in exactly the windows the profile flipped. */
        public boolean flipsMatch() {
            return trends.stream().allMatch(t -> t.flips().stream().map(com.kubetrader.analysis.Trend.Flip::runId)
                    .toList().equals(expectedFlips));
        }
    }

    /** Windows are stamped this far apart, as a cron(0 *\/6 * * ? *) schedule would fire them. */
    static final long WINDOW_SPACING_SECONDS = 6 * 3600;

    /**
     * The windows whose ranking the flip profile swaps: apne1-az4 and apne1-az1 trade places, on both endpoints,
     * in the middle third of the windows (indices n/3 up to 2n/3).
     */
    public static boolean flipped(int window, int windows) {
        return window >= windows / 3 && window < 2 * windows / 3;
    }

    /** The run ID of window {@code i}: its stamp in the send-command and schedule form. */
    static String windowRunId(Instant first, int i) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC)
                .format(first.plusSeconds(WINDOW_SPACING_SECONDS * i));
    }

    /**
     * {@code n} short windows against the simulator into {@code out/runs/<runId>/}, stamped six hours apart from
     * the current hour, with the flip profile; then {@code trend} into {@code out/trend/}. The trend must report
     * exactly the flipped windows' edges as flips. On failure everything this run created is removed.
     */
    public static WindowsResult runWindows(Options o, int n) throws IOException, InterruptedException {
        Path out = o.out().toAbsolutePath().normalize();
        Path runs = out.resolve("runs");
        Path trend = out.resolve("trend");
        return inOut(out, runs, trend, ".runs.partial-", o.overwrite(), (staging, place) -> {
            Instant first = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
            List<String> expected = new ArrayList<>();
            boolean previous = false;
            for (int i = 0; i < n; i++) {
                boolean swap = flipped(i, n);
                String runId = windowRunId(first, i);
                if (i > 0 && swap != previous) {
                    expected.add(runId);
                }
                previous = swap;
                java.util.Map<String, List<ExchangeSimulator.AzProfile>> endpoints = new java.util.LinkedHashMap<>();
                endpoints.put(PRIMARY_ENDPOINT, secondEndpointProfiles(swap));
                endpoints.put(SECOND_ENDPOINT, secondEndpointProfiles(swap));
                o.progress().accept("window " + (i + 1) + " of " + n + ", " + runId
                        + (swap ? ": apne1-az4 and apne1-az1 swapped" : ""));
                Path window = Files.createDirectories(staging.resolve(runId));
                collect(o, endpoints, window, runs.resolve(runId));
            }
            place.place(staging);
            com.kubetrader.analysis.TrendRun.Result r;
            try {
                r = com.kubetrader.analysis.TrendRun.run(runs, trend, o.stack(), null,
                        RunAnalyzer.Settings.defaults().withProgress(o.progress()), o.overwrite());
            } catch (AnalysisException e) {
                throw new RehearsalException("the trend over the rehearsal's windows failed: " + e.getMessage());
            }
            return new WindowsResult(r.trends(), List.copyOf(expected), runs, r.outDir());
        });
    }

    /** metadata.json's runId, as the report's title names the run. */
    static void addRunId(Path instanceDir, String runId) throws IOException {
        Path file = instanceDir.resolve("metadata.json");
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode md =
                (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(file.toFile());
        md.put("runId", runId);
        mapper.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), md);
    }

    /** Both endpoints as one collector standing in the AZ reaches them, named so every instance's CSVs line up. */
    static String endpointArgument(ExchangeSimulator sim, String azId) {
        return PRIMARY_ENDPOINT + "=" + sim.wsBase(PRIMARY_ENDPOINT, azId) + "," + SECOND_ENDPOINT + "="
                + sim.wsBase(SECOND_ENDPOINT, azId);
    }

    private static String tail(Path runDir, ExchangeSimulator.AzProfile p) {
        Path log = runDir.resolve(instanceId(p)).resolve("collector.log");
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            // the staging directory is removed on failure, so the lines themselves are the record
            return "last lines of its log:\n  "
                    + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "it wrote no log";
        }
    }
}
