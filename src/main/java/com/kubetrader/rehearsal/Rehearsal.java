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

    /** The injected profiles, best first: the order the analysis must find. */
    public static final List<ExchangeSimulator.AzProfile> PROFILES = List.of(
            new ExchangeSimulator.AzProfile("apne1-az4", "ap-northeast-1a", 300, 60, 120),
            new ExchangeSimulator.AzProfile("apne1-az1", "ap-northeast-1c", 950, 60, 120),
            new ExchangeSimulator.AzProfile("apne1-az2", "ap-northeast-1d", 1400, 60, 120));

    /** All collectors share this machine's clock; the bound written to metadata.json is nominal. */
    public static final double CLOCK_BOUND_US = 5;

    private static final List<String> NAMED = List.of("BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT", "XRPUSDT",
            "DOGEUSDT", "ADAUSDT", "TRXUSDT", "AVAXUSDT", "LINKUSDT", "DOTUSDT", "LTCUSDT", "BCHUSDT", "UNIUSDT",
            "ATOMUSDT", "ETCUSDT", "XLMUSDT", "FILUSDT", "APTUSDT", "ARBUSDT");

    /**
     * @param collectorCommand the collector invocation before its arguments, e.g. {@code [java, -jar, stream-trades.jar]}
     * @param allSymbols       pass {@code --symbols ALL --rest-endpoint <simulator>} instead of an explicit list
     */
    public record Options(Path out, int durationSeconds, int symbols, double ratePerSecond,
                          List<String> collectorCommand, boolean allSymbols, String stack, Consumer<String> progress) {
    }

    /** The analysis summary, and whether its ranking matches {@link #PROFILES}. */
    public record Result(Summary summary, List<String> injectedOrder, List<String> foundOrder, Path runDir,
                         Path reportDir, long tradesEmitted, long subscribeRateWarnings) {
        public boolean rankingMatches() {
            return injectedOrder.equals(foundOrder);
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
        if (Files.exists(runDir) || Files.exists(reportDir)) {
            throw new RehearsalException(out + " already holds run/ or report/; choose an empty --out");
        }
        Path createdOut = Files.exists(out) ? null : out;
        Files.createDirectories(out);
        Path staging = StagedDirectory.createUniqueDirectory(out, ".run.partial-");
        boolean done = false;
        try {
            Result result = collectAndAnalyse(o, staging, runDir, reportDir);
            done = true;
            return result;
        } finally {
            if (!done) {
                StagedDirectory.deleteTree(staging);
                StagedDirectory.deleteTree(runDir);
                if (createdOut != null) {
                    StagedDirectory.deleteTree(createdOut);
                }
            }
        }
    }

    private static Result collectAndAnalyse(Options o, Path staging, Path runDir, Path reportDir)
            throws IOException, InterruptedException {
        List<String> symbols = symbols(o.symbols());
        List<Process> processes = new ArrayList<>();
        long tradesEmitted;
        long warnings;
        try (ExchangeSimulator sim = new ExchangeSimulator(symbols, PROFILES, o.ratePerSecond(), 7L).start()) {
            o.progress().accept("exchange simulator on " + sim.wsBase("<azId>") + " and " + sim.restBase() + ", "
                    + symbols.size() + " symbols, " + o.ratePerSecond() + " trades/s");
            Instant started = Instant.now();
            // if this JVM is stopped (Ctrl-C, a test timeout), take the collectors down with it
            Thread reaper = new Thread(() -> processes.forEach(Process::destroyForcibly), "rehearsal-reaper");
            Runtime.getRuntime().addShutdownHook(reaper);
            try {
                for (ExchangeSimulator.AzProfile p : PROFILES) {
                    Path dir = Files.createDirectories(staging.resolve(instanceId(p)));
                    List<String> cmd = new ArrayList<>(o.collectorCommand());
                    cmd.addAll(List.of("--endpoint", sim.wsBase(p.azId()),
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
            for (ExchangeSimulator.AzProfile p : PROFILES) {
                SyntheticRun.writeMetadata(staging.resolve(instanceId(p)), instanceId(p), p.azId(), p.azName(),
                        CLOCK_BOUND_US, sim.wsBase(p.azId()), symbols.size(), started, ended);
            }
            o.progress().accept("collectors done: " + tradesEmitted + " trades emitted, " + sim.framesSent()
                    + " frames sent" + (warnings > 0 ? ", " + warnings + " messages over Binance's 5/s limit" : ""));
        }
        Files.move(staging, runDir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Summary summary;
        try {
            summary = Analysis.run(runDir, reportDir, o.stack(),
                    RunAnalyzer.Settings.defaults().withProgress(o.progress()));
        } catch (AnalysisException e) {
            throw new RehearsalException("analysis of the rehearsal failed: " + e.getMessage());
        }
        List<String> injected = PROFILES.stream().map(ExchangeSimulator.AzProfile::azId).toList();
        List<String> found = summary.azs().stream().map(Summary.Az::azId).toList();
        return new Result(summary, injected, found, runDir, reportDir, tradesEmitted, warnings);
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
