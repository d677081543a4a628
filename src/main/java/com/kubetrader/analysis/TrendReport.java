package com.kubetrader.analysis;

import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** trend.md: per endpoint the verdict, the win shares, the flips, the gap over time and latency by JST hour. */
public final class TrendReport {

    static final DateTimeFormatter JST_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'JST'").withZone(Trend.JST);

    private TrendReport() {
    }

    public static String markdown(java.util.List<Trend.EndpointTrend> trends, Path runsDir) {
        StringBuilder md = new StringBuilder("# AZ latency trend: ").append(runsDir.getFileName()).append("\n\n");
        md.append("Every window under `").append(runsDir).append("` analysed on its own, then compared. A window's "
                + "winner is the AZ ID its evidence resolves (one-way, checked by the round trips); a contradicted "
                + "or unresolved window wins for nobody. \"Stable\" needs one AZ ID to win at least ")
                .append(Math.round(Trend.STABLE_SHARE * 100)).append(" % of at least ").append(Trend.MIN_RESOLVED)
                .append(" resolved windows. Times are Tokyo's (JST). All latencies in µs.\n\n");
        md.append("![Gap to the runner-up per window, and resolved wins per AZ ID](trend.svg)\n\n");
        for (Trend.EndpointTrend t : trends) {
            md.append("## Endpoint `").append(t.endpoint()).append("`\n\n").append(t.verdict()).append("\n\n");
            md.append("| AZ ID | Resolved wins | Share |\n|---|---:|---:|\n");
            t.wins().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .forEach(e -> md.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" | ")
                            .append(Math.round(t.winShare().get(e.getKey()) * 100)).append(" % |\n"));
            md.append("\n### Flips\n\n");
            if (t.flips().isEmpty()) {
                md.append("None: every resolved window picked the same AZ ID.\n\n");
            } else {
                md.append("| Window | Time | From | To |\n|---|---|---|---|\n");
                for (Trend.Flip f : t.flips()) {
                    md.append("| ").append(f.runId()).append(" | ").append(JST_TIME.format(f.time())).append(" | ")
                            .append(f.from()).append(" | ").append(f.to()).append(" |\n");
                }
                md.append('\n');
            }
            md.append("### Windows\n\n| Window | Time | Winner | Agreement | One-way gap to runner-up | Resolved |\n"
                    + "|---|---|---|---|---:|---|\n");
            for (Trend.Point p : t.points()) {
                md.append("| ").append(p.runId()).append(" | ").append(JST_TIME.format(p.time())).append(" | ")
                        .append(p.winner() == null ? "—" : p.winner()).append(" | ").append(p.agreement())
                        .append(" | ").append(p.gapToRunnerUpUs() == null ? "—"
                                : String.format(Locale.ROOT, "%.1f", p.gapToRunnerUpUs()))
                        .append(" | ").append(p.gapResolved() ? "yes" : "no").append(" |\n");
            }
            md.append("\n### Median per-symbol minimum by hour of day (JST)\n\n");
            TreeSet<Integer> hours = new TreeSet<>();
            t.medianMinUsByAzAndJstHour().values().forEach(m -> hours.addAll(m.keySet()));
            md.append("| AZ ID |");
            hours.forEach(h -> md.append(String.format(Locale.ROOT, " %02d:00 |", h)));
            md.append("\n|---|");
            hours.forEach(h -> md.append("---:|"));
            md.append('\n');
            t.medianMinUsByAzAndJstHour().forEach((az, byHour) -> {
                md.append("| ").append(az).append(" |");
                hours.forEach(h -> md.append(' ').append(byHour.containsKey(h)
                        ? String.format(Locale.ROOT, "%.1f", byHour.get(h)) : "—").append(" |"));
                md.append('\n');
            });
            md.append('\n');
        }
        return md.toString();
    }
}
