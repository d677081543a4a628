package com.kubetrader.analysis;

import com.kubetrader.output.OutputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;

/** The analyze pipeline: DuckDB extraction, ranking, then summary.json, report.md, per-symbol.csv, latency.svg. */
public final class Analysis {

    private Analysis() {
    }

    /** The files a report directory holds; an existing directory with only these is replaced on success (--overwrite). */
    public static final Set<String> REPORT_FILES = Set.of("summary.json", "report.md", "per-symbol.csv", "latency.svg");

    /**
     * Analyses {@code runDir} into {@code outDir}. The report is written to a staging directory beside
     * {@code outDir} and moved into place only when complete: on failure nothing is left behind and an earlier
     * report in {@code outDir} is untouched. DuckDB spills inside the staging directory unless the settings name
     * another temp directory.
     */
    public static Summary run(Path runDir, Path outDir, String stack, RunAnalyzer.Settings settings) {
        return run(runDir, outDir, stack, null, settings);
    }

    /**
     * As above, recommending for {@code primaryEndpoint} (null: the first endpoint that streamed trades). An earlier
     * report in {@code outDir} is refused.
     */
    public static Summary run(Path runDir, Path outDir, String stack, String primaryEndpoint,
                              RunAnalyzer.Settings settings) {
        return run(runDir, outDir, stack, primaryEndpoint, settings, false);
    }

    /** As above; with {@code overwrite}, an earlier report in {@code outDir} is replaced once the new one is whole. */
    public static Summary run(Path runDir, Path outDir, String stack, String primaryEndpoint,
                              RunAnalyzer.Settings settings, boolean overwrite) {
        if (!Files.isDirectory(runDir)) {
            throw new AnalysisException(runDir + ": run directory does not exist or is not a directory");
        }
        try (StagedDirectory staged = StagedDirectory.beside(outDir, "--out", REPORT_FILES, overwrite,
                "a report")) {
            RunAnalyzer.Settings spillInside = settings.tempDirectory() != null ? settings
                    : new RunAnalyzer.Settings(settings.memoryLimit(), settings.threads(), staged.path(),
                            settings.progress());
            Summary summary = write(runDir, staged.path(), stack, primaryEndpoint, spillInside);
            staged.commit();
            return summary;
        }
    }

    private static Summary write(Path runDir, Path outDir, String stack, String primaryEndpoint,
                                 RunAnalyzer.Settings settings) {
        Consumer<String> progress = settings.progress();
        long t0 = System.nanoTime();
        RunAnalyzer.RunEvidence evidence = new RunAnalyzer(settings).analyze(runDir);
        Summary summary = EvidenceVerdict.summarize(evidence, primaryEndpoint);
        long t1 = System.nanoTime();
        try {
            Files.writeString(outDir.resolve("summary.json"), ReportRenderer.json(summary), StandardCharsets.UTF_8);
            Files.writeString(outDir.resolve("report.md"), ReportRenderer.markdown(summary, evidence, stack),
                    StandardCharsets.UTF_8);
            Files.writeString(outDir.resolve("per-symbol.csv"), ReportRenderer.perSymbolCsv(evidence),
                    StandardCharsets.UTF_8);
            LatencyChart.writeSvg(summary, evidence, outDir.resolve("latency.svg"));
        } catch (IOException e) {
            throw new AnalysisException(outDir + ": cannot write the report ("
                    + OutputException.reason(e) + "); check there is room on the disk "
                    + "and that you can write there, or choose another --out");
        }
        progress.accept(String.format("wrote summary.json, report.md, per-symbol.csv, latency.svg in %.1f s"
                + " (total %.1f s)", (System.nanoTime() - t1) / 1e9, (System.nanoTime() - t0) / 1e9));
        return summary;
    }
}
