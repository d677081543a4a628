package com.kubetrader.cli;

import com.kubetrader.analysis.Analysis;
import com.kubetrader.analysis.AnalysisException;
import com.kubetrader.analysis.ReportRenderer;
import com.kubetrader.analysis.Summary;
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

/** {@code kubetrader analyze <runDir> --out <reportDir>}: ranks the AZ IDs of one benchmark run. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Aligns the trades of a benchmark run by (symbol, trade_id), ranks AZ IDs by the median "
                + "per-symbol minimum latency and writes summary.json, report.md, per-symbol.csv and latency.svg.",
                "Output rules (docs/output-rules.md): an earlier report in --out is refused unless --overwrite is "
                        + "given; the report is written beside --out and moved into place only when complete; one "
                        + "run at a time holds --out (the lock file <out>.lock); Ctrl-C or SIGTERM removes the "
                        + "staging, temporary and DuckDB spill files and leaves an earlier report as it was."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
                "0:done",
                "1:unexpected failure",
                "2:bad flag or input (the message names the file, and the line where known), or --out "
                        + "holds an earlier report and --overwrite was not given",
                "75:another run is writing --out (the message names it); try again when it has finished",
                "130:stopped by Ctrl-C (SIGINT)",
                "143:stopped by SIGTERM"
        })
public final class AnalyzeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR",
            description = "Run directory as aws s3 sync brings it down: RUN_DIR/<instanceId>/{metadata.json,trades.csv}")
    Path runDir;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Report directory; written beside it first and moved into place only when complete. "
                    + "An earlier report there is refused unless --overwrite is given; a directory holding other files "
                    + "is refused even then.")
    Path out;

    @Option(names = "--overwrite", description = "Replace an earlier report in --out, once the new one is complete "
            + "(until then the earlier one stays whole)")
    boolean overwrite;

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
        try (WriterLock lock = WriterLock.acquire(out)) {
            Summary summary = Analysis.run(runDir, out, analysis.stack, analysis.primaryEndpoint,
                    analysis.settings(tempDir, "analyze", err), overwrite);
            PrintWriter o = spec.commandLine().getOut();
            o.println(summary.verdict());
            o.println(summary.recommendedPrimaryAzId() != null
                    ? ReportRenderer.configLine(summary.recommendedPrimaryAzId(), analysis.stack)
                    : "# no primary recommended; see " + out.resolve("report.md"));
            o.flush();
            return 0;
        } catch (OutputLock.Held e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return OutputLock.EXIT_LOCKED;
        } catch (java.io.UncheckedIOException e) {
            // a directory listing that failed part-way (Files.walk, Files.list): the file named, in words
            err.println("error: cannot read the run or --out (" + OutputException.reason(e.getCause()) + "); check its "
                    + "permissions and that it is not being changed while this runs");
            err.flush();
            return 2;
        } catch (AnalysisException | OutputException e) {
            if (Interrupts.received() != null) {
                return Interrupts.exitCode(Interrupts.received()); // stopped by a signal: the exit says so
            }
            err.println("error: " + e.getMessage());
            if (hadReport && overwrite) {
                err.println("analyze: the earlier report in " + out + " is left as it was; it is not from this run");
            }
            err.flush();
            return 2;
        }
    }
}
