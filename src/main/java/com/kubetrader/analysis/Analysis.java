package com.kubetrader.analysis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** The analyze pipeline: DuckDB extraction, ranking, then summary.json, report.md, per-symbol.csv, latency.svg. */
public final class Analysis {

    private Analysis() {
    }

    public static Summary run(Path runDir, Path outDir, String stack, RunAnalyzer.Settings settings) {
        Consumer<String> progress = settings.progress();
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new AnalysisException(outDir + ": cannot create the report directory (" + e + ")");
        }
        RunData data = new RunAnalyzer(settings).analyze(runDir);
        Summary summary = LatencyRanking.rank(data);
        long t1 = System.nanoTime();
        try {
            Files.writeString(outDir.resolve("summary.json"), ReportRenderer.json(summary), StandardCharsets.UTF_8);
            Files.writeString(outDir.resolve("report.md"), ReportRenderer.markdown(summary, data, stack),
                    StandardCharsets.UTF_8);
            Files.writeString(outDir.resolve("per-symbol.csv"), ReportRenderer.perSymbolCsv(data),
                    StandardCharsets.UTF_8);
            LatencyChart.writeSvg(summary, data, outDir.resolve("latency.svg"));
        } catch (IOException e) {
            throw new AnalysisException(outDir + ": cannot write the report (" + e + ")");
        }
        progress.accept(String.format("wrote summary.json, report.md, per-symbol.csv, latency.svg to %s in %.1f s"
                + " (total %.1f s)", outDir, (System.nanoTime() - t1) / 1e9, (System.nanoTime() - t0) / 1e9));
        return summary;
    }
}
