package com.kubetrader.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Locale;
import java.util.Map;

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

    /** Every (AZ ID, symbol) of every endpoint; endpoint is the last column, after the layout's first eight. */
    public static String perSymbolCsv(RunAnalyzer.RunEvidence evidence) {
        StringBuilder sb = new StringBuilder("az_id,instance_id,symbol,count,min_us,p50_us,mean_us,p99_us,endpoint\n");
        for (RunData data : evidence.oneWay()) {
            for (RunData.InstanceData in : data.instances()) {
                for (RunData.SymbolStats s : in.symbols()) {
                    sb.append(in.metadata().availabilityZoneId()).append(',').append(in.metadata().instanceId())
                            .append(',').append(s.symbol()).append(',').append(s.count()).append(',')
                            .append(s.minUs()).append(',').append(f1(s.p50Us())).append(',').append(f1(s.meanUs()))
                            .append(',').append(f1(s.p99Us())).append(',').append(data.endpoint()).append('\n');
                }
            }
        }
        return sb.toString();
    }

    public static String markdown(Summary summary, RunAnalyzer.RunEvidence evidence, String stack) {
        StringBuilder md = new StringBuilder();
        md.append("# AZ latency benchmark: run ").append(runId(evidence)).append(", stack ").append(stack)
                .append("\n\n");
        md.append("Run directory: `").append(summary.runDirectory()).append("`").append(span(evidence))
                .append("  \n");
        Summary.Evidence ev = summary.evidence();
        md.append("Evidence: trades from ").append(ev.instances()).append(" instance(s); trades.rtt.csv (round trips, no clock "
                + "needed) from ").append(ev.withRttCsv()).append(" of ").append(ev.instances())
                .append("; clock.csv (the clock bound sampled through the run) from ").append(ev.withClockCsv())
                .append(" of ").append(ev.instances()).append(".  \n");
        md.append("Endpoints: ");
        for (int i = 0; i < summary.endpoints().size(); i++) {
            Summary.EndpointResult r = summary.endpoints().get(i);
            md.append(i == 0 ? "" : ", ").append('`').append(r.endpoint()).append('`')
                    .append(r.endpoint().equals(summary.primaryEndpoint()) ? " (primary)" : "")
                    .append(r.rttOnlyEndpoint() ? " (rtt-only)" : "");
        }
        md.append(".\n\n");
        md.append("## Verdict\n\n").append(summary.verdict()).append("\n\n");

        for (Summary.EndpointResult r : summary.endpoints()) {
            endpointSection(md, r, r.endpoint().equals(summary.primaryEndpoint()));
        }

        md.append("## Rows per instance (").append(summary.primaryEndpoint()).append(")\n\n");
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
        md.append("What each metadata.json says beyond what the analysis needs. The clock bound is the largest "
                + "sampled through the run when clock.csv exists, else the file's clockErrorBoundUs, else computed "
                + "from its chrony fields.\n\n");
        for (InstanceMetadata m : evidence.instances()) {
            md.append("- **").append(m.instanceId()).append("** (").append(m.availabilityZoneId())
                    .append("): clock bound ±").append(f1(m.clockErrorBoundUs())).append(" µs from ")
                    .append(switch (m.clockBoundSource()) {
                        case "metadata" -> "clockErrorBoundUs";
                        case "clock.csv" -> "clock.csv (largest of the run; median "
                                + f1(evidence.clocks().get(m.instanceId()).medianUs()) + " µs)";
                        default -> "the chrony fields";
                    });
            m.reported().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> md.append("; ").append(e.getKey()).append(" `").append(e.getValue()).append('`'));
            md.append('\n');
        }
        md.append('\n');

        RunData primary = evidence.oneWay().stream().filter(d -> d.endpoint().equals(summary.primaryEndpoint()))
                .findFirst().orElseThrow();
        md.append("## Per AZ ID and symbol (").append(summary.primaryEndpoint()).append(")\n\n");
        int rows = primary.instances().stream().mapToInt(i -> i.symbols().size()).sum();
        if (rows > INLINE_SYMBOL_LIMIT) {
            md.append("Count, min, p50, mean and p99 of every (AZ ID, symbol) of every endpoint are in "
                    + "`per-symbol.csv` (").append(rows).append(" rows for this endpoint).\n\n");
        } else {
            md.append("| AZ ID | Symbol | Count | Min | p50 | Mean | p99 |\n|---|---|---:|---:|---:|---:|---:|\n");
            for (Summary.Az a : summary.azs()) {
                RunData.InstanceData in = primary.instances().stream()
                        .filter(x -> x.metadata().instanceId().equals(a.instanceId())).findFirst().orElseThrow();
                for (RunData.SymbolStats s : in.symbols()) {
                    md.append("| ").append(a.azId()).append(" | ").append(s.symbol()).append(" | ").append(s.count())
                            .append(" | ").append(s.minUs()).append(" | ").append(f1(s.p50Us())).append(" | ")
                            .append(f1(s.meanUs())).append(" | ").append(f1(s.p99Us())).append(" |\n");
                }
            }
            md.append("\nThe same table, for every endpoint, is in `per-symbol.csv`.\n\n");
        }

        md.append("![One-way latency and round trips per AZ ID and endpoint](latency.svg)\n\n");
        md.append("## Configuration\n\n");
        if (summary.recommendedPrimaryAzId() != null) {
            md.append("Pin the hot workloads to ").append(summary.recommendedPrimaryAzId()).append(":\n\n");
            md.append("```sh\n").append(configLine(summary.recommendedPrimaryAzId(), stack)).append("\n```\n");
        } else {
            md.append("No primary AZ is recommended from this run (see the verdict). Repeat the run, "
                    + "or choose deliberately and set it with:\n\n");
            md.append("```sh\n").append(configLine("<azId>", stack)).append("\n```\n");
        }
        return md.toString();
    }

    private static void endpointSection(StringBuilder md, Summary.EndpointResult r, boolean primary) {
        md.append("## Endpoint `").append(r.endpoint()).append('`').append(primary ? " (primary)" : "").append("\n\n");
        // The primary endpoint's headline is the verdict above; here only the evidence behind it, so it is said once.
        md.append("**").append(r.agreement()).append("**. ").append(primary ? r.details() : r.verdict())
                .append("\n\n");
        if (!r.clockFlags().isEmpty()) {
            md.append("**Clock evidence.** A negative one-way latency means the trade was received before the exchange "
                    + "stamped it: no path allows that, so the instance's clock was wrong by more than its reported "
                    + "bound. Its one-way figures are not evidence of distance, and never part of a confirmation.\n\n");
            md.append("| AZ ID | Instance | Negative readings | Of aligned | Lowest reading | Reported clock bound |\n");
            md.append("|---|---|---:|---:|---:|---:|\n");
            for (Summary.ClockFlag f : r.clockFlags()) {
                md.append("| ").append(f.azId()).append(" | ").append(f.instanceId()).append(" | ")
                        .append(f.negativeReadings()).append(" | ").append(f.readings()).append(" | ")
                        .append(f.lowestUs()).append(" | ±").append(f1(f.clockBoundUs())).append(" |\n");
            }
            md.append('\n');
        }
        if (!r.azs().isEmpty()) {
            md.append("### One-way: ranking by median per-symbol minimum\n\n");
            md.append("Latency = recv_time_us − event_time_us (local receive time minus Binance's event time E). ")
                    .append(r.alignedTrades()).append(" trades were recorded by every instance with trades.\n\n");
            md.append("| Rank | AZ ID | AZ name | Instance | Symbols | Median min | Q1–Q3 min | Median mean | Q1–Q3 mean "
                    + "| Gap to best | Clock bound | Fastest reading |\n");
            md.append("|---:|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
            for (Summary.Az a : r.azs()) {
                md.append("| ").append(a.rank()).append(" | ").append(a.azId()).append(" | ")
                        .append(a.azName() == null ? "—" : a.azName())
                        .append(" | ").append(a.instanceId()).append(" | ").append(a.symbols()).append(" | ")
                        .append(f1(a.medianMinUs())).append(" | ").append(f1(a.q1MinUs())).append("–")
                        .append(f1(a.q3MinUs())).append(" | ").append(f1(a.medianMeanUs())).append(" | ")
                        .append(f1(a.q1MeanUs())).append("–").append(f1(a.q3MeanUs())).append(" | ")
                        .append(f1(a.gapToBestUs())).append(" | ±").append(f1(a.clockBoundUs())).append(" | ")
                        .append(a.fastestUs()).append(" (").append(a.fastestSymbol()).append(") |\n");
            }
            md.append("\nAll figures in µs. Each instance's readings may be off by up to its clock error bound "
                    + "(|System time| + root dispersion + root delay / 2, chrony's own definition). A step is resolved "
                    + "only when the gap is at least the two bounds combined.\n\n");
            md.append("| Faster | Slower | Gap | Combined clock bound | Resolved |\n|---|---|---:|---:|---|\n");
            for (Summary.Comparison c : r.comparisons()) {
                md.append("| ").append(c.fasterAzId()).append(" | ").append(c.slowerAzId()).append(" | ")
                        .append(f1(c.gapUs())).append(" | ").append(f1(c.combinedClockBoundUs())).append(" | ")
                        .append(c.resolved() ? "yes" : "**not resolved**").append(" |\n");
            }
            md.append('\n');
        }
        md.append("### Round trips: ranking by the 10th-percentile RTT\n\n");
        if (r.rtt().isEmpty()) {
            md.append("No round trips for this endpoint (no trades.rtt.csv, or no answered ping).\n\n");
            return;
        }
        md.append("WebSocket ping to pong, timed with the monotonic clock: no clock agreement needed. Queueing only "
                + "adds to a round trip, so the ranking compares the 10th percentile, the path's floor; a step is "
                + "resolved when the faster AZ's 95 % interval for it (from order statistics) lies wholly below the "
                + "slower one's. All figures in µs.\n\n");
        md.append("| Rank | AZ ID | One-way rank | Samples | Lost | Min | p10 [95 % interval] | Median | p95 "
                + "| TCP connect: n, min / median |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Summary.RttAz a : r.rtt()) {
            md.append("| ").append(a.rank()).append(" | ").append(a.azId()).append(" | ")
                    .append(a.oneWayRank() != null ? a.oneWayRank().toString() : r.rttOnlyEndpoint() ? "—" : "no data")
                    .append(" | ").append(a.rttSamples())
                    .append(" | ").append(a.pingsLost()).append(" | ").append(f1(a.rttMinUs())).append(" | ")
                    .append(f1(a.rttP10Us())).append(" [").append(f1(a.rttP10LowUs())).append("–")
                    .append(f1(a.rttP10HighUs())).append("] | ").append(f1(a.rttMedianUs())).append(" | ")
                    .append(f1(a.rttP95Us())).append(" | ")
                    .append(a.connectMinUs() == null ? "—" : "n=" + a.connectSamples() + ", " + f1(a.connectMinUs())
                            + " / " + f1(a.connectMedianUs()))
                    .append(" |\n");
        }
        md.append("\nTCP connect probes are shown with their count; with fewer than ")
                .append(RttStats.MIN_CONNECT_SAMPLES).append(" per AZ ID they rank nothing.\n");
        md.append("\n| Faster | Slower | p10 gap | Resolved |\n|---|---|---:|---|\n");
        for (Summary.RttComparison c : r.rttComparisons()) {
            md.append("| ").append(c.fasterAzId()).append(" | ").append(c.slowerAzId()).append(" | ")
                    .append(f1(c.gapUs())).append(" | ").append(c.resolved() ? "yes" : "**not resolved**").append(" |\n");
        }
        md.append('\n');
    }

    /**
     * The run's ID: metadata.json's runId when every instance gives the same one, else the run directory's name (the
     * sync command names it after the run ID).
     */
    static String runId(RunAnalyzer.RunEvidence evidence) {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        for (InstanceMetadata m : evidence.instances()) {
            ids.add(m.reported().getOrDefault("runId", ""));
        }
        return ids.size() == 1 && !ids.contains("") ? ids.iterator().next()
                : String.valueOf(evidence.runDir().toAbsolutePath().normalize().getFileName());
    }

    /** ", from <earliest startedAt> to <latest endedAt>" when the metadata says, else nothing. */
    static String span(RunAnalyzer.RunEvidence evidence) {
        String start = evidence.instances().stream().map(m -> m.reported().get("startedAt"))
                .filter(java.util.Objects::nonNull).min(String::compareTo).orElse(null);
        String end = evidence.instances().stream().map(m -> m.reported().get("endedAt"))
                .filter(java.util.Objects::nonNull).max(String::compareTo).orElse(null);
        return start == null || end == null ? "" : ", from " + start + " to " + end;
    }

    static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
