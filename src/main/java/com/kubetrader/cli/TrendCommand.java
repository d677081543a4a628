package com.kubetrader.cli;

import com.kubetrader.analysis.AnalysisException;
import com.kubetrader.analysis.Trend;
import com.kubetrader.analysis.TrendRun;
import com.kubetrader.output.Interrupts;
import com.kubetrader.output.OutputException;
import com.kubetrader.output.OutputLock;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kubetrader trend <runs> --out <dir>}: the benchmark's answer across recurring windows. */
@Command(name = "trend", mixinStandardHelpOptions = true,
        description = {"Analyses every window (run) under a directory of runs, reusing the windows analysed before, "
                + "and reports per endpoint each AZ ID's share of resolved wins, the gap to the runner-up over time, "
                + "latency by hour of day (JST) and every flip of the winner, in trend.json, trend.md and trend.svg.",
                "Damaged windows are reported one by one (file, and line where known), listed in trend.md and "
                        + "trend.json, and left out; the others are analysed and the exit code is 3.",
                "--out and its cache: an earlier trend in --out is refused unless --overwrite is given. With "
                        + "--overwrite its windows/ is the cache: a window whose files have the same content (SHA-256) "
                        + "as when it was analysed is reused, the others are analysed again, and the whole output is "
                        + "replaced once the new one is complete. One run at a time holds --out (<out>.lock); Ctrl-C "
                        + "or SIGTERM removes the staging and spill files and leaves an earlier trend as it was."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
                "0:done, every window analysed",
                "1:unexpected failure",
                "2:bad flag or input (the message names the file or flag), every window damaged, or --out "
                        + "holds an earlier trend and --overwrite was not given",
                "3:done, but damaged windows were skipped (each named on stderr and in trend.md)",
                "75:another run is writing --out (the message names it); try again when it has finished",
                "130:stopped by Ctrl-C (SIGINT)",
                "143:stopped by SIGTERM"
        })
public final class TrendCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUNS_DIR",
            description = "Directory of runs as the sync command brings them down: RUNS_DIR/<runId>/<instanceId>/...")
    Path runsDir;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Trend directory: trend.json, trend.md, trend.svg and windows/<runId>/ (each window's "
                    + "report, reused by the next trend with --overwrite while its files are unchanged). Written beside "
                    + "it, moved in when complete.")
    Path out;

    @Option(names = "--overwrite", description = "Replace an earlier trend in --out once the new one is complete, "
            + "reusing its windows/ for the windows whose files have not changed")
    boolean overwrite;

    /** Some windows were damaged and skipped; the trend covers the rest. */
    static final int EXIT_SKIPPED = 3;

    @Mixin
    AnalysisOptions analysis;

    @Override
    public Integer call() {
        analysis.check(spec.commandLine());
        PrintWriter err = spec.commandLine().getErr();
        try (WriterLock lock = WriterLock.acquire(out)) {
            TrendRun.Result r = TrendRun.run(runsDir, out, analysis.stack, analysis.primaryEndpoint,
                    analysis.settings(null, "trend", err), overwrite);
            PrintWriter o = spec.commandLine().getOut();
            for (Trend.EndpointTrend t : r.trends()) {
                o.println(t.verdict().replace("**", ""));
            }
            o.println("report: " + r.outDir().resolve("trend.md"));
            o.flush();
            if (!r.skipped().isEmpty()) {
                for (TrendRun.Skipped k : r.skipped()) {
                    err.println("trend: skipped damaged window " + k.runId() + ": " + k.problem());
                }
                err.println("trend: " + r.skipped().size() + " damaged window(s) skipped, the trend covers the "
                        + "other " + (r.analysed() + r.cached()) + "; repair or remove them and run trend again "
                        + "with --overwrite");
                err.flush();
                return EXIT_SKIPPED;
            }
            return 0;
        } catch (OutputLock.Held e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return OutputLock.EXIT_LOCKED;
        } catch (java.io.UncheckedIOException e) {
            // a directory listing that failed part-way (Files.walk, Files.list): the file named, in words
            err.println("error: cannot read the runs or --out (" + OutputException.reason(e.getCause()) + "); check its "
                    + "permissions and that it is not being changed while this runs");
            err.flush();
            return 2;
        } catch (AnalysisException | OutputException e) {
            if (Interrupts.received() != null) {
                return Interrupts.exitCode(Interrupts.received());
            }
            err.println("error: " + e.getMessage());
            err.flush();
            return 2;
        }
    }
}
