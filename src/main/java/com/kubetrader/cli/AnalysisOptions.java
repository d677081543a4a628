package com.kubetrader.cli;

import com.kubetrader.analysis.RunAnalyzer;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * What analyze and trend share: the stack the config lines name, the endpoint to recommend for, and DuckDB's
 * memory and threads. Checked before any work; a bad value is a picocli parameter error (exit code 2).
 */
public final class AnalysisOptions {

    @Option(names = "--stack", defaultValue = "dev", description = "Pulumi stack for the config line (default: ${DEFAULT-VALUE})")
    String stack;

    @Option(names = "--primary-endpoint", paramLabel = "ENDPOINT",
            description = "The endpoint to recommend for, as the CSVs name it (default: the first that streamed trades)")
    String primaryEndpoint;

    @Option(names = "--memory-limit", defaultValue = "1GB",
            description = "DuckDB memory_limit, at least 64MiB, such as 512MB or 2GB; larger runs spill to disk "
                    + "(default: ${DEFAULT-VALUE})")
    String memoryLimit;

    @Option(names = "--threads", defaultValue = "2", description = "DuckDB threads, 1 to 256 (default: ${DEFAULT-VALUE})")
    int threads;

    void check(CommandLine cli) {
        Checks.stackName(cli, "--stack", stack);
        Checks.memoryLimit(cli, "--memory-limit", memoryLimit);
        Checks.range(cli, "--threads", threads, 1, Checks.MAX_THREADS,
                "DuckDB worker threads; this machine has " + Runtime.getRuntime().availableProcessors() + " cores");
    }

    /** DuckDB's settings, with progress lines printed to {@code err} under the command's name. */
    RunAnalyzer.Settings settings(Path tempDir, String command, PrintWriter err) {
        return new RunAnalyzer.Settings(memoryLimit.strip(), threads, tempDir, line -> {
            err.println(command + ": " + line);
            err.flush();
        });
    }
}
