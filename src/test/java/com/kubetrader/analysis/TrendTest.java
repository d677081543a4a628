package com.kubetrader.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.kubetrader.analysis.SyntheticRun.Instance;
import com.kubetrader.analysis.SyntheticRun.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** trend over generated windows whose winners are known: which windows flip, and the verdict's rule. */
class TrendTest {

    @TempDir
    Path dir;

    /**
     * Six windows six hours apart from 2026-11-01 00:00 UTC (09:00 JST); in windows 2 and 3 apne1-az1 is the
     * closer AZ, in the others apne1-az4.
     */
    Path sixWindowsWithTheMiddleThirdFlipped() throws IOException {
        Path runs = dir.resolve("runs");
        for (int w = 0; w < 6; w++) {
            boolean flipped = w == 2 || w == 3;
            String runId = Instant.parse("2026-11-01T00:00:00Z").plusSeconds(6L * 3600 * w).toString()
                    .replace("-", "").replace(":", "");
            SyntheticRun.write(runs.resolve(runId), Spec.of(List.of(
                    Instance.of("i-a", "apne1-az4", "ap-northeast-1a", flipped ? 950 : 300, 20),
                    Instance.of("i-b", "apne1-az1", "ap-northeast-1c", flipped ? 300 : 950, 20),
                    Instance.of("i-c", "apne1-az2", "ap-northeast-1d", 1400, 20)), 5, 600).withSeed(w + 1)
                    .withoutTruth());
        }
        return runs;
    }

    /** A trend into dir/trend, its earlier output replaced and reused as the cache (--overwrite). */
    TrendRun.Result trend(Path runs) {
        return TrendRun.run(runs, dir.resolve("trend"), "dev", null, RunAnalyzer.Settings.defaults(), true);
    }

    @Nested
    class GeneratedWindowsWithKnownFlips {

        @Test
        void reportExactlyTheFlippedWindowsAndNotStableWhenNoAzWinsEightyPercent() throws IOException {
            TrendRun.Result r = trend(sixWindowsWithTheMiddleThirdFlipped());
            Trend.EndpointTrend t = r.trends().get(0);
            assertThat(t.windows()).isEqualTo(6);
            assertThat(t.resolvedWindows()).isEqualTo(6);
            assertThat(t.wins()).containsEntry("apne1-az4", 4).containsEntry("apne1-az1", 2);
            assertThat(t.winShare().get("apne1-az4")).isEqualTo(4 / 6.0);
            assertThat(t.flips()).extracting(Trend.Flip::runId, Trend.Flip::from, Trend.Flip::to).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("20261101T120000Z", "apne1-az4", "apne1-az1"),
                    org.assertj.core.groups.Tuple.tuple("20261102T000000Z", "apne1-az1", "apne1-az4"));
            assertThat(t.stable()).isFalse();
            assertThat(t.verdict()).contains("6 of 6 window(s) resolved; **not stable**: no AZ ID won at least 80 %")
                    .contains("Wins: apne1-az4 67 %, apne1-az1 33 %").contains("flipped 2 time(s)");
            // latency by JST hour: window 0 ran at 09:00 JST with apne1-az4 at its 300 µs floor
            assertThat(t.medianMinUsByAzAndJstHour().get("apne1-az4").get(9)).isBetween(300.0, 360.0);
            assertThat(t.medianMinUsByAzAndJstHour().get("apne1-az4").get(21)).as("windows 2 (flipped) and 0")
                    .isBetween(950.0, 1010.0);

            Path out = dir.resolve("trend");
            assertThat(Files.readString(out.resolve("trend.md")))
                    .contains("| 20261101T120000Z | 2026-11-01 21:00 JST | apne1-az4 | apne1-az1 |");
            JsonNode json = new ObjectMapper().readTree(out.resolve("trend.json").toFile());
            assertThat(json.get("stableShare").asDouble()).isEqualTo(0.8);
            assertThat(json.at("/endpoints/0/flips")).hasSize(2);
            String svg = Files.readString(out.resolve("trend.svg"));
            assertThat(svg).contains("<title>AZ latency trend across windows")
                    .as("every AZ ID in the legend, apne1-az2 that never won too")
                    .contains(">apne1-az4 won<", ">apne1-az1 won<", ">apne1-az2 won<", ">no wins<")
                    .as("each flip marked with its from and to")
                    .contains(">apne1-az4 → apne1-az1<", ">apne1-az1 → apne1-az4<");
            assertThat(svg.split("stroke-dasharray=\"5,4\"", -1)).as("two flip lines and the legend's")
                    .hasSize(4);
            assertThat(svg).as("one label per window: six windows, six JST times")
                    .contains(">11-01 09:00<", ">11-01 15:00<", ">11-01 21:00<", ">11-02 03:00<", ">11-02 09:00<",
                            ">11-02 15:00<");
            assertThat(Files.size(out.resolve("trend.svg"))).isLessThan(150_000);
            assertThat(out.resolve("windows/20261101T000000Z/report.md")).isNotEmptyFile();
        }

        @Test
        void callsOneAzWinningEightyPercentOfAtLeastThreeResolvedWindowsStable() {
            Trend.EndpointTrend five = Trend.endpoint("spot", windowsWon("apne1-az4", "apne1-az4", "apne1-az1",
                    "apne1-az4", "apne1-az4"));
            assertThat(five.stable()).isTrue();
            assertThat(five.leader()).isEqualTo("apne1-az4");
            assertThat(five.verdict()).contains("**stable**: apne1-az4 won 80 %");
            assertThat(Trend.endpoint("spot", windowsWon("apne1-az4", "apne1-az4")).stable())
                    .as("two windows are too few").isFalse();
            assertThat(Trend.endpoint("spot", windowsWon("apne1-az4", null, null, "apne1-az4", "apne1-az4"))
                    .verdict()).as("unresolved windows win for nobody").contains("3 of 5 window(s) resolved")
                    .contains("**stable**");
        }

        /** Windows whose only endpoint resolves to the given winners (null: not resolved). */
        List<Trend.Window> windowsWon(String... winners) {
            List<Trend.Window> out = new java.util.ArrayList<>();
            for (int i = 0; i < winners.length; i++) {
                String w = winners[i];
                Summary.EndpointResult r = new Summary.EndpointResult("spot", false, 100, List.of(), List.of(),
                        List.of(), List.of(), w != null, w == null ? "apne1-az4" : w, false, null,
                        w == null ? EvidenceVerdict.NOT_RESOLVED : EvidenceVerdict.ONE_WAY_ONLY, "", "", List.of());
                Summary s = new Summary("run" + i, 100, List.of(), List.of(), List.of(), w, "", "spot",
                        new Summary.Evidence(3, 0, 0), List.of(r), true);
                out.add(new Trend.Window("run" + i, Instant.parse("2026-11-01T00:00:00Z").plusSeconds(3600L * i), s));
            }
            return out;
        }
    }

    @Nested
    class TheCache {

        @Test
        void reusesEveryUnchangedWindowAndAnalysesOnlyTheOneThatChanged() throws IOException {
            Path runs = sixWindowsWithTheMiddleThirdFlipped();
            assertThat(trend(runs).analysed()).isEqualTo(6);
            TrendRun.Result again = trend(runs);
            assertThat(again.analysed()).isZero();
            assertThat(again.cached()).isEqualTo(6);
            assertThat(again.trends().get(0).flips()).hasSize(2);

            Path trades = runs.resolve("20261101T000000Z/i-a/trades.csv");
            Files.writeString(trades, Files.readString(trades) + "SYM0000USDT,9,1,1,2,1,\n");
            TrendRun.Result third = trend(runs);
            assertThat(third.analysed()).isEqualTo(1);
            assertThat(third.cached()).isEqualTo(5);
        }

        @Test
        void keysEachWindowByTheContentOfItsFilesNotTheirSizeAndTime() throws IOException {
            Path run = sixWindowsWithTheMiddleThirdFlipped().resolve("20261101T000000Z");
            Path trades = run.resolve("i-a/trades.csv");
            String before = TrendRun.fingerprint(run);
            java.nio.file.attribute.FileTime time = Files.getLastModifiedTime(trades);
            byte[] bytes = Files.readAllBytes(trades);
            bytes[bytes.length - 2] = (byte) (bytes[bytes.length - 2] == '1' ? '2' : '1');
            Files.write(trades, bytes);
            Files.setLastModifiedTime(trades, time);
            assertThat(TrendRun.fingerprint(run)).isNotEqualTo(before).contains("i-a/trades.csv sha256:");
        }

        @Test
        void analysesAgainAWindowWhoseCachedSummaryIsDamaged() throws IOException {
            Path runs = sixWindowsWithTheMiddleThirdFlipped();
            trend(runs);
            Files.writeString(dir.resolve("trend/windows/20261101T060000Z/summary.json"), "{\"azs\": [");
            TrendRun.Result again = trend(runs);
            assertThat(again.skipped()).isEmpty();
            assertThat(again.analysed()).isEqualTo(1);
            assertThat(again.cached()).isEqualTo(5);
        }

        @Test
        void refusesItsEarlierOutputWithoutOverwrite() throws IOException {
            Path runs = sixWindowsWithTheMiddleThirdFlipped();
            trend(runs);
            String json = Files.readString(dir.resolve("trend/trend.json"));
            assertThatThrownBy(() -> TrendRun.run(runs, dir.resolve("trend"), "dev", null,
                    RunAnalyzer.Settings.defaults())).hasMessageContaining("already holds a trend from an earlier run")
                    .hasMessageContaining("--overwrite");
            assertThat(Files.readString(dir.resolve("trend/trend.json"))).isEqualTo(json);
        }

        @Test
        void skipsADamagedWindowAndTrendsTheRest() throws IOException {
            Path runs = sixWindowsWithTheMiddleThirdFlipped();
            Files.delete(runs.resolve("20261101T120000Z/i-b/metadata.json"));
            TrendRun.Result r = trend(runs);
            assertThat(r.skipped()).singleElement().satisfies(k -> {
                assertThat(k.runId()).isEqualTo("20261101T120000Z");
                assertThat(k.problem()).contains(runs.resolve("20261101T120000Z/i-b/metadata.json").toString())
                        .contains("missing");
            });
            assertThat(r.trends().get(0).windows()).isEqualTo(5);
            assertThat(r.analysed()).isEqualTo(5);
        }

        @Test
        void refusesWhenEveryWindowIsDamagedAndLeavesNoOutput() throws IOException {
            Path runs = dir.resolve("runs");
            Files.createDirectories(runs.resolve("20261101T000000Z/i-a"));
            Files.writeString(runs.resolve("20261101T000000Z/i-a/trades.csv"), "");
            assertThatThrownBy(() -> trend(runs)).hasMessageContaining("every window is damaged");
            assertThat(dir.resolve("trend")).doesNotExist();
        }

        @Test
        void refusesADirectoryWithNoRunsAndLeavesNoOutput() throws IOException {
            Files.createDirectories(dir.resolve("empty"));
            assertThatThrownBy(() -> TrendRun.run(dir.resolve("empty"), dir.resolve("trend"), "dev", null,
                    RunAnalyzer.Settings.defaults())).hasMessageContaining("no runs in it");
            assertThat(dir.resolve("trend")).doesNotExist();
        }
    }
}
