package com.kubetrader.cli;

import com.kubetrader.analysis.AnalysisException;
import com.kubetrader.analysis.Trend;
import com.kubetrader.analysis.TrendRun;
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
                "Exit codes: 0 done, 2 bad input (the message names the file or flag)."})
public final class TrendCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUNS_DIR",
            description = "Directory of runs as the sync command brings them down: RUNS_DIR/<runId>/<instanceId>/...")
    Path runsDir;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Trend directory: trend.json, trend.md, trend.svg and windows/<runId>/ (each window's "
                    + "report, reused next time while its files are unchanged). Written beside it, moved in when complete.")
    Path out;

    @Mixin
    AnalysisOptions analysis;

    @Override
    public Integer call() {
        analysis.check(spec.commandLine());
        PrintWriter err = spec.commandLine().getErr();
        try {
            TrendRun.Result r = TrendRun.run(runsDir, out, analysis.stack, analysis.primaryEndpoint,
                    analysis.settings(null, "trend", err));
            PrintWriter o = spec.commandLine().getOut();
            for (Trend.EndpointTrend t : r.trends()) {
                o.println(t.verdict().replace("**", ""));
            }
            o.println("report: " + r.outDir().resolve("trend.md"));
            o.flush();
            return 0;
        } catch (AnalysisException e) {
            err.println("trend: error: " + e.getMessage());
            err.flush();
            return 2;
        }
    }
}
