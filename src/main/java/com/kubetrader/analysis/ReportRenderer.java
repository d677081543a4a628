package com.kubetrader.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Locale;

/** Pure rendering of a {@link Summary}: summary.json, report.md and per-symbol.csv as strings. No I/O. */
public final class ReportRenderer {

    /** The most (AZ, symbol) rows report.md lists inline; larger runs point at per-symbol.csv. */
    static final int INLINE_SYMBOL_LIMIT = 40;

    private ReportRenderer() {
    }

    public static String configLine(String azId, String stack) {
        return "pulumi config set kubetrader:primaryAzId " + azId + " -s " + stack;
    }

    public static String json(Summary summary) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String perSymbolCsv(RunData data) {
        StringBuilder sb = new StringBuilder("az_id,instance_id,symbol,count,min_us,p50_us,mean_us,p99_us\n");
        for (RunData.InstanceData in : data.instances()) {
            for (RunData.SymbolStats s : in.symbols()) {
                sb.append(in.metadata().availabilityZoneId()).append(',').append(in.metadata().instanceId())
                        .append(',').append(s.symbol()).append(',').append(s.count()).append(',').append(s.minUs())
                        .append(',').append(f1(s.p50Us())).append(',').append(f1(s.meanUs())).append(',')
                        .append(f1(s.p99Us())).append('\n');
            }
        }
        return sb.toString();
    }

    public static String markdown(Summary summary, RunData data, String stack) {
        StringBuilder md = new StringBuilder();
        md.append("# AZ latency benchmark: ").append(data.runDir().getFileName()).append("\n\n");
        md.append("Run directory: `").append(summary.runDirectory()).append("`  \n");
        md.append("Latency = recv_time_us − event_time_us (local receive time minus Binance's event time E), µs. ")
                .append("Trades aligned by (symbol, trade_id): ").append(summary.alignedTrades())
                .append(" trades were recorded by every instance with trades.\n\n");
        md.append("## Verdict\n\n").append(summary.verdict()).append("\n\n");

        md.append("## Ranking by median per-symbol minimum\n\n");
        md.append("| Rank | AZ ID | AZ name | Instance | Symbols | Median min | Q1–Q3 min | Median mean | Q1–Q3 mean "
                + "| Gap to best | Clock bound | Fastest reading |\n");
        md.append("|---:|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Summary.Az a : summary.azs()) {
            md.append("| ").append(a.rank()).append(" | ").append(a.azId()).append(" | ")
                    .append(a.azName() == null ? "—" : a.azName())
                    .append(" | ").append(a.instanceId()).append(" | ").append(a.symbols()).append(" | ")
                    .append(f1(a.medianMinUs())).append(" | ").append(f1(a.q1MinUs())).append("–")
                    .append(f1(a.q3MinUs())).append(" | ").append(f1(a.medianMeanUs())).append(" | ")
                    .append(f1(a.q1MeanUs())).append("–").append(f1(a.q3MeanUs())).append(" | ")
                    .append(f1(a.gapToBestUs())).append(" | ±").append(f1(a.clockBoundUs())).append(" | ")
                    .append(a.fastestUs()).append(" (").append(a.fastestSymbol()).append(") |\n");
        }
        md.append("\nAll figures in µs. Whiskers (1.5 × IQR, clipped to the data) are in summary.json and the chart.\n\n");

        md.append("## Is each step of the ranking resolved?\n\n");
        md.append("Each instance's readings may be off by up to its clock error bound (|chrony offset| + root "
                + "dispersion + root delay / 2). A step is resolved only when the gap is at least the two bounds "
                + "combined.\n\n");
        md.append("| Faster | Slower | Gap | Combined clock bound | Resolved |\n|---|---|---:|---:|---|\n");
        for (Summary.Comparison c : summary.comparisons()) {
            md.append("| ").append(c.fasterAzId()).append(" | ").append(c.slowerAzId()).append(" | ")
                    .append(f1(c.gapUs())).append(" | ").append(f1(c.combinedClockBoundUs())).append(" | ")
                    .append(c.resolved() ? "yes" : "**not resolved**").append(" |\n");
        }

        md.append("\n## Rows per instance\n\n");
        md.append("| Instance | AZ ID | Rows | Aligned | Dropped: not seen by all | Dropped: duplicate | Note |\n");
        md.append("|---|---|---:|---:|---:|---:|---|\n");
        for (Summary.Instance i : summary.instances()) {
            md.append("| ").append(i.instanceId()).append(" | ").append(i.azId()).append(" | ").append(i.rows())
                    .append(" | ").append(i.alignedTrades()).append(" | ").append(i.droppedNotSeenByAll())
                    .append(" | ").append(i.droppedDuplicate()).append(" | ")
                    .append(i.note() == null ? "" : "**excluded**: " + i.note()).append(" |\n");
        }
        md.append("\nA duplicate is a second row for the same (symbol, trade_id) in one instance; the lowest latency "
                + "(the first arrival) is kept.\n\n");

        md.append("## Instance metadata\n\n");
        md.append("What each metadata.json says beyond what the analysis needs. The clock bound is the file's "
                + "clockErrorBoundUs, or computed from its chrony fields when absent.\n\n");
        for (RunData.InstanceData in : data.instances()) {
            InstanceMetadata m = in.metadata();
            md.append("- **").append(m.instanceId()).append("** (").append(m.availabilityZoneId())
                    .append("): clock bound ±").append(f1(m.clockErrorBoundUs())).append(" µs from ")
                    .append(m.clockBoundSource().equals("metadata") ? "clockErrorBoundUs" : "the chrony fields");
            m.reported().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> md.append("; ").append(e.getKey()).append(" `").append(e.getValue()).append('`'));
            md.append('\n');
        }
        md.append('\n');

        md.append("## Per AZ ID and symbol\n\n");
        int rows = data.instances().stream().mapToInt(i -> i.symbols().size()).sum();
        if (rows > INLINE_SYMBOL_LIMIT) {
            md.append("Count, min, p50, mean and p99 of every (AZ ID, symbol) are in `per-symbol.csv` (")
                    .append(rows).append(" rows).\n\n");
        } else {
            md.append("| AZ ID | Symbol | Count | Min | p50 | Mean | p99 |\n|---|---|---:|---:|---:|---:|---:|\n");
            for (Summary.Az a : summary.azs()) {
                RunData.InstanceData in = data.instances().stream()
                        .filter(x -> x.metadata().instanceId().equals(a.instanceId())).findFirst().orElseThrow();
                for (RunData.SymbolStats s : in.symbols()) {
                    md.append("| ").append(a.azId()).append(" | ").append(s.symbol()).append(" | ").append(s.count())
                            .append(" | ").append(s.minUs()).append(" | ").append(f1(s.p50Us())).append(" | ")
                            .append(f1(s.meanUs())).append(" | ").append(f1(s.p99Us())).append(" |\n");
                }
            }
            md.append("\nThe same table is in `per-symbol.csv`.\n\n");
        }

        md.append("![Per-symbol minimum and mean latency per AZ ID](latency.svg)\n\n");
        md.append("## Configuration\n\n");
        if (summary.recommendedPrimaryAzId() != null) {
            md.append("Pin the hot workloads to ").append(summary.recommendedPrimaryAzId()).append(":\n\n");
            md.append("```sh\n").append(configLine(summary.recommendedPrimaryAzId(), stack)).append("\n```\n");
        } else {
            md.append("No primary AZ is recommended from this run (rank 1 vs rank 2 is not resolved). Repeat the run, "
                    + "or choose deliberately and set it with:\n\n");
            md.append("```sh\n").append(configLine("<azId>", stack)).append("\n```\n");
        }
        return md.toString();
    }

    static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
