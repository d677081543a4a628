package com.kubetrader.cli;

import com.kubetrader.analysis.Analysis;
import com.kubetrader.analysis.AnalysisException;
import com.kubetrader.analysis.ReportRenderer;
import com.kubetrader.analysis.Summary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Report directory; written beside it first and moved into place only when complete. "
                    + "An earlier report there is replaced; a directory holding other files is refused.")
    Path out;

    @Mixin
    AnalysisOptions analysis;

    @Option(names = "--temp-dir", paramLabel = "DIR",
            description = "Where DuckDB spills (default: inside the report's staging directory). Created if missing; "
                    + "what this run creates there is removed afterwards.")
    Path tempDir;

    @Override
    public Integer call() {
        analysis.check(spec.commandLine());
        if (tempDir != null && java.nio.file.Files.exists(tempDir) && !java.nio.file.Files.isDirectory(tempDir)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--temp-dir '" + tempDir
                    + "' is a file; expected a directory for DuckDB to spill into (created if missing, removed after)");
        }
        PrintWriter err = spec.commandLine().getErr();
        boolean hadReport = java.nio.file.Files.isDirectory(out);
        try {
            Summary summary = Analysis.run(runDir, out, analysis.stack, analysis.primaryEndpoint,
                    analysis.settings(tempDir, "analyze", err));
            PrintWriter o = spec.commandLine().getOut();
            o.println(summary.verdict());
            o.println(summary.recommendedPrimaryAzId() != null
                    ? ReportRenderer.configLine(summary.recommendedPrimaryAzId(), analysis.stack)
                    : "# no primary recommended; see " + out.resolve("report.md"));
            o.flush();
            return 0;
        } catch (AnalysisException e) {
            err.println("analyze: error: " + e.getMessage());
            if (hadReport) {
                err.println("analyze: the earlier report in " + out + " is left as it was; it is not from this run");
            }
            err.flush();
            return 2;
        }
    }
}
