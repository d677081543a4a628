package com.kubetrader.cli;

import com.kubetrader.analysis.Analysis;
import com.kubetrader.analysis.AnalysisException;
import com.kubetrader.analysis.ReportRenderer;
import com.kubetrader.analysis.RunAnalyzer;
import com.kubetrader.analysis.Summary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kubetrader analyze <runDir> --out <reportDir>}: ranks the AZ IDs of one benchmark run. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Aligns the trades of a benchmark run by (symbol, trade_id), ranks AZ IDs by the median "
                + "per-symbol minimum latency and writes summary.json, report.md, per-symbol.csv and latency.svg.",
                "Exit codes: 0 done, 2 bad input (the message names the file), 1 unexpected failure."})
public final class AnalyzeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR",
            description = "Run directory as aws s3 sync brings it down: RUN_DIR/<instanceId>/{metadata.json,trades.csv}")
    Path runDir;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Report directory (created)")
    Path out;

    @Option(names = "--stack", defaultValue = "dev", description = "Pulumi stack for the config line (default: ${DEFAULT-VALUE})")
    String stack;

    @Option(names = "--memory-limit", defaultValue = "1GB",
            description = "DuckDB memory_limit; larger runs spill to disk (default: ${DEFAULT-VALUE})")
    String memoryLimit;

    @Option(names = "--threads", defaultValue = "2", description = "DuckDB threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--temp-dir", paramLabel = "DIR",
            description = "Where DuckDB spills (default: a directory inside the report directory, removed afterwards)")
    Path tempDir;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            RunAnalyzer.Settings settings = new RunAnalyzer.Settings(memoryLimit, threads,
                    tempDir != null ? tempDir : out, line -> {
                        err.println("analyze: " + line);
                        err.flush();
                    });
            Summary summary = Analysis.run(runDir, out, stack, settings);
            PrintWriter o = spec.commandLine().getOut();
            o.println(summary.verdict());
            o.println(summary.recommendedPrimaryAzId() != null
                    ? ReportRenderer.configLine(summary.recommendedPrimaryAzId(), stack)
                    : "# no primary recommended; see " + out.resolve("report.md"));
            o.flush();
            return 0;
        } catch (AnalysisException e) {
            err.println("analyze: error: " + e.getMessage());
            err.flush();
            return 2;
        }
    }
}
