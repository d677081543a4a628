package com.kubetrader.cli;

import com.kubetrader.analysis.ReportRenderer;
import com.kubetrader.output.OutputException;
import com.kubetrader.output.OutputLock;
import com.kubetrader.rehearsal.Rehearsal;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kubetrader rehearse --out DIR}: the whole benchmark against a local exchange simulator. */
@Command(name = "rehearse", mixinStandardHelpOptions = true,
        description = {"Runs the benchmark end to end on this machine: a local Binance-like trade stream with "
                + "injected per-AZ delays (one-way apne1-az4 +300 µs, apne1-az1 +950 µs, apne1-az2 +1400 µs; round "
                + "trips +600, +1900, +2800 µs) on two endpoints, three stream-trades collectors as separate "
                + "processes recording into OUT/run/, then analyze into OUT/report/.",
                "With --clock-skew, one collector's clock lies while its reported bound stays small: the report "
                        + "must catch it (clock evidence, round trips as injected, the skewed AZ ID not recommended).",
                "Output rules (docs/output-rules.md): an --out holding an earlier rehearsal (run/ and report/, or "
                        + "runs/ and trend/) is refused unless --overwrite is given; one run at a time holds --out "
                        + "(the lock file <out>.lock); a failing or stopped run removes only what it created."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
                "0:the report found what was injected (every ranking as injected; with --clock-skew, the lie caught)",
                "1:unexpected failure",
                "2:bad flags, --out holds an earlier rehearsal and --overwrite was not given, or the "
                        + "rehearsal could not run",
                "3:the report did not find what was injected",
                "75:another run is writing --out (the message names it); try again when it has finished",
                "130:stopped by Ctrl-C (SIGINT)",
                "143:stopped by SIGTERM"
        })
public final class RehearseCommand implements Callable<Integer> {

    /** Enough for several connections' worth of streams (1024 per connection) on one machine. */
    static final int MAX_SYMBOLS = 5000;
    /** What one simulator thread on a 2-core machine sustains while three collectors run beside it. */
    static final double MAX_RATE = 200_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (run/ and report/; "
            + "with --windows, runs/ and trend/)")
    Path out;

    @Option(names = "--overwrite", description = "Replace an earlier rehearsal in --out: its report (or trend) stays "
            + "whole until the new one is complete; its run/ (or runs/) is set aside meanwhile and put back if this "
            + "rehearsal fails or is stopped")
    boolean overwrite;

    @Option(names = "--duration-seconds", defaultValue = "10",
            description = "How long each collector records, 1 to 3600 s (default: ${DEFAULT-VALUE})")
    int durationSeconds;

    @Option(names = "--symbols", defaultValue = "50", description = "Number of symbols, 1 to 5000 (default: ${DEFAULT-VALUE})")
    int symbols;

    @Option(names = "--rate", defaultValue = "1000",
            description = "Trades per second over all symbols, above 0 and at most 200000 (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--collector-jar", paramLabel = "JAR",
            description = "The collector (default: stream-trades.jar next to the running kubetrader.jar)")
    Path collectorJar;

    @Option(names = "--all-symbols",
            description = "Let the collectors subscribe with --symbols ALL, listing symbols via --rest-endpoint")
    boolean allSymbols;

    @Option(names = "--stack", defaultValue = "dev", description = "Pulumi stack for the config line (default: ${DEFAULT-VALUE})")
    String stack;

    @Option(names = "--second-endpoint", defaultValue = "same", paramLabel = "same|swapped",
            description = "The simulator serves two endpoints (spot, vision). swapped: apne1-az4 and apne1-az1 trade "
                    + "places on vision, so the endpoints disagree and the report must say so (default: ${DEFAULT-VALUE})")
    String secondEndpoint;

    @Option(names = "--windows", defaultValue = "1", paramLabel = "N",
            description = "Rehearse N recurring windows (2 to 48) into OUT/runs/ and run trend into OUT/trend/: the "
                    + "windows are stamped six hours apart, and apne1-az4 and apne1-az1 trade places in the middle "
                    + "third, so trend must report exactly those flips (default: ${DEFAULT-VALUE}, one run)")
    int windows;

    @Option(names = "--clock-skew", paramLabel = "AZID=US", split = ",",
            description = "Offset that AZ ID's collector clock by US microseconds (negative: behind), e.g. "
                    + "apne1-az1=-2000, without widening the bound its simulated chrony reports. Repeat or separate "
                    + "with commas. Not with --windows.")
    List<String> clockSkew = List.of();

    /** The largest skew accepted: a minute either way. */
    static final long MAX_SKEW_US = 60_000_000;

    static java.util.Map<String, Long> parseSkews(picocli.CommandLine cli, List<String> values) {
        java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
        List<String> azs = Rehearsal.PROFILES.stream().map(p -> p.azId()).toList();
        for (String v : values) {
            String[] kv = v.split("=", 2);
            Long us = null;
            if (kv.length == 2) {
                try {
                    us = Long.parseLong(kv[1].strip());
                } catch (NumberFormatException e) {
                    us = null;
                }
            }
            if (kv.length != 2 || !azs.contains(kv[0].strip()) || us == null || Math.abs(us) > MAX_SKEW_US) {
                throw new picocli.CommandLine.ParameterException(cli, "--clock-skew '" + v + "' is not valid; expected "
                        + "AZID=MICROSECONDS with AZID one of " + String.join(", ", azs) + " and a whole number of µs "
                        + "within ±" + MAX_SKEW_US + ", e.g. apne1-az1=-2000");
            }
            if (out.put(kv[0].strip(), us) != null) {
                throw new picocli.CommandLine.ParameterException(cli, "--clock-skew names " + kv[0].strip()
                        + " twice; give each AZ ID once");
            }
        }
        return out;
    }

    @Override
    public Integer call() throws Exception {
        var cli = spec.commandLine();
        Checks.range(cli, "--duration-seconds", durationSeconds, 1, 3600, "seconds each collector records");
        Checks.range(cli, "--symbols", symbols, 1, MAX_SYMBOLS, "symbols the simulator trades");
        if (!(rate > 0) || rate > MAX_RATE) {
            throw new picocli.CommandLine.ParameterException(cli, "--rate '" + rate + "' is out of range; expected "
                    + "trades per second above 0 and at most " + (long) MAX_RATE + " (default 1000)");
        }
        Checks.stackName(cli, "--stack", stack);
        if (windows != 1) {
            Checks.range(cli, "--windows", windows, 2, 48, "recurring windows, each a full short rehearsal");
        }
        java.util.Map<String, Long> skews = parseSkews(cli, clockSkew);
        if (!skews.isEmpty() && windows != 1) {
            throw new picocli.CommandLine.ParameterException(cli, "--clock-skew and --windows do not go together: "
                    + "--windows rehearses flips of the winner with sound clocks; rehearse a skewed clock in one run");
        }
        if (!List.of("same", "swapped").contains(secondEndpoint)) {
            throw new picocli.CommandLine.ParameterException(cli, "--second-endpoint '" + secondEndpoint
                    + "' is not valid; expected same or swapped");
        }
        PrintWriter err = spec.commandLine().getErr();
        try (WriterLock lock = WriterLock.acquire(out)) {
            return locked(cli, skews, err);
        } catch (OutputLock.Held e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return OutputLock.EXIT_LOCKED;
        } catch (OutputException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 2;
        }
    }

    private int locked(picocli.CommandLine cli, java.util.Map<String, Long> skews, PrintWriter err)
            throws Exception {
        refuseForeignOut(cli);
        for (String existing : windows > 1 ? List.of("runs", "trend") : List.of("run", "report")) {
            if (!overwrite && Files.exists(out.resolve(existing))) {
                throw new picocli.CommandLine.ParameterException(cli, "--out '" + out + "' already holds " + existing
                        + "/ from an earlier rehearsal; choose a new directory, or pass --overwrite to replace it once "
                        + "the new one is complete");
            }
        }
        Path jar = collectorJar != null ? collectorJar : defaultCollectorJar();
        if (!Files.isRegularFile(jar)) {
            err.println("error: collector jar " + jar + " not found (build it with ./mvnw -B -q -DskipTests "
                    + "package, or pass --collector-jar)");
            err.flush();
            return 2;
        }
        String problem = runnableJarProblem(jar);
        if (problem != null) {
            err.println("error: collector jar " + jar + " " + problem + "; rebuild it with ./mvnw -B -q -DskipTests "
                    + "package, or pass --collector-jar");
            err.flush();
            return 2;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-XX:+UseSerialGC", "-Xmx256m", "-jar", jar.toString());
        try {
            if (windows > 1) {
                return windows(command, err);
            }
            Rehearsal.Result r = Rehearsal.run(new Rehearsal.Options(out, durationSeconds, symbols, rate, command,
                    allSymbols, stack, secondEndpoint.equals("swapped"), line -> {
                        err.println("rehearse: " + line);
                        err.flush();
                    }, skews, overwrite));
            PrintWriter o = spec.commandLine().getOut();
            for (String endpoint : r.injected().keySet()) {
                o.println(endpoint + " injected:         " + String.join(" < ", r.injected().get(endpoint)));
                o.println(endpoint + " found, one-way:   " + String.join(" < ", r.foundOneWay().get(endpoint)));
                o.println(endpoint + " found, round trip: " + String.join(" < ", r.foundRtt().get(endpoint)));
            }
            for (var skew : skews.entrySet()) {
                List<String> caught = r.summary().endpoints().stream().filter(e -> e.clockFlags().stream()
                        .anyMatch(f -> f.azId().equals(skew.getKey()))).map(e -> e.endpoint()).toList();
                o.println(skew.getKey() + " clock skewed by " + skew.getValue() + " µs: "
                        + (caught.isEmpty() ? "no negative one-way reading" : "clock evidence on " + String.join(", ",
                        caught)) + "; " + (skew.getKey().equals(r.summary().recommendedPrimaryAzId())
                        ? "RECOMMENDED" : "not recommended"));
            }
            o.println(r.summary().verdict());
            o.println("report: " + r.reportDir().resolve("report.md"));
            if (r.summary().recommendedPrimaryAzId() != null) {
                o.println(ReportRenderer.configLine(r.summary().recommendedPrimaryAzId(), stack));
            }
            o.flush();
            return r.asExpected() ? 0 : 3;
        } catch (Rehearsal.RehearsalException e) {
            if (com.kubetrader.output.Interrupts.received() != null) {
                return com.kubetrader.output.Interrupts.exitCode(com.kubetrader.output.Interrupts.received());
            }
            err.println("error: " + e.getMessage());
            err.flush();
            return 2;
        } catch (IOException e) {
            err.println("error: --out '" + out + "': " + OutputException.reason(e) + "; check that you can write "
                    + "there and that the disk has room, or choose another --out");
            err.flush();
            return 2;
        }
    }

    /**
     * A file, or a directory holding anything but rehearse's own outputs, is refused even with --overwrite
     * (docs/output-rules.md, rules 1 and 2): a rehearsal never writes into, nor replaces, what it did not write.
     * Dot-entries are left alone; a stopped rehearsal's own staging and set-aside names start with a dot.
     */
    private void refuseForeignOut(picocli.CommandLine cli) throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new picocli.CommandLine.ParameterException(cli, "--out '" + out + "' is a file; rehearse writes a "
                    + "directory (run/ and report/, or runs/ and trend/): choose a new or empty directory");
        }
        if (!Files.isDirectory(out)) {
            return;
        }
        List<String> foreign;
        try (java.util.stream.Stream<Path> entries = Files.list(out)) {
            foreign = entries.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".") && !List.of("run", "report", "runs", "trend").contains(n))
                    .sorted().limit(5).toList();
        }
        if (!foreign.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(cli, "--out '" + out + "' already holds "
                    + String.join(", ", foreign) + ", which rehearse did not write; choose a new or empty directory");
        }
    }

    private int windows(List<String> command, PrintWriter err) throws Exception {
        Rehearsal.WindowsResult r = Rehearsal.runWindows(new Rehearsal.Options(out, durationSeconds, symbols, rate,
                command, allSymbols, stack, false, line -> {
                    err.println("rehearse: " + line);
                    err.flush();
                }, java.util.Map.of(), overwrite), windows);
        PrintWriter o = spec.commandLine().getOut();
        o.println("flips injected: " + (r.expectedFlips().isEmpty() ? "none" : String.join(", ", r.expectedFlips())));
        for (com.kubetrader.analysis.Trend.EndpointTrend t : r.trends()) {
            o.println(t.endpoint() + " flips found: " + (t.flips().isEmpty() ? "none" : String.join(", ",
                    t.flips().stream().map(com.kubetrader.analysis.Trend.Flip::runId).toList())));
            o.println(t.verdict().replace("**", ""));
        }
        o.println("report: " + r.trendDir().resolve("trend.md"));
        o.flush();
        return r.flipsMatch() ? 0 : 3;
    }

    /** Why the jar cannot be run with java -jar, or null when its Main-Class is inside it. */
    static String runnableJarProblem(Path jar) {
        try (JarFile jf = new JarFile(jar.toFile())) {
            Manifest m = jf.getManifest();
            String main = m == null ? null : m.getMainAttributes().getValue("Main-Class");
            if (main == null) {
                return "has no Main-Class in its manifest";
            }
            if (jf.getEntry(main.replace('.', '/') + ".class") == null) {
                return "names Main-Class " + main + " but does not contain it (built before the collector sources "
                        + "were merged?)";
            }
            return null;
        } catch (IOException e) {
            return "is not a readable jar (" + OutputException.reason(e) + ")";
        }
    }

    /** target/stream-trades.jar beside target/kubetrader.jar (or beside target/classes when run from the build). */
    public static Path defaultCollectorJar() throws URISyntaxException {
        Path self = Path.of(RehearseCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return self.getParent().resolve("stream-trades.jar");
    }
}
