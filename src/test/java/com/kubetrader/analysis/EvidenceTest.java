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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The independent pieces of evidence and how the verdict combines them: the one-way ranking against its clocks,
 * the round trips against their own spread, and several endpoints against each other.
 */
class EvidenceTest {

    static final int SYMBOLS = 11;
    static final String SPOT = "wss://synthetic.invalid";

    static final List<Instance> CLEAR = List.of(
            Instance.of("i-a", "apne1-az4", "ap-northeast-1a", 300, 20),
            Instance.of("i-b", "apne1-az1", "ap-northeast-1c", 950, 20),
            Instance.of("i-c", "apne1-az2", "ap-northeast-1d", 1400, 20));

    @TempDir
    Path dir;

    Path run(List<Instance> instances) throws IOException {
        Path run = dir.resolve("run");
        SyntheticRun.write(run, Spec.of(instances, SYMBOLS, 3000).withoutTruth());
        return run;
    }

    /** 200 pings per instance: floors in µs by instance ID, a tail of mean 100 µs. */
    static void roundTrips(Path run, String endpoint, Map<String, Double> floors) throws IOException {
        int seed = 0;
        for (var e : floors.entrySet()) {
            SyntheticRun.writeRoundTrips(run.resolve(e.getKey()), endpoint, 0, e.getValue(), 100, 200, 2, seed++);
        }
    }

    Summary analyze(Path run) {
        return Analysis.run(run, dir.resolve("report"), "dev", RunAnalyzer.Settings.defaults());
    }

    @Nested
    class OneEndpoint {

        @Test
        void isConfirmedWhenTheRoundTripsPutTheSameAzFirstAndThenRecommendsIt() throws IOException {
            Path run = run(CLEAR);
            roundTrips(run, SPOT, Map.of("i-a", 600.0, "i-b", 1900.0, "i-c", 2800.0));
            Summary s = analyze(run);
            Summary.EndpointResult r = s.endpoints().get(0);
            assertThat(r.agreement()).isEqualTo("confirmed");
            assertThat(r.oneWayResolved()).isTrue();
            assertThat(r.rttResolved()).isTrue();
            assertThat(r.rtt()).extracting(Summary.RttAz::azId).containsExactly("apne1-az4", "apne1-az1", "apne1-az2");
            assertThat(r.rtt().get(0).rttSamples()).isEqualTo(200);
            assertThat(r.rtt().get(0).pingsLost()).isEqualTo(2);
            assertThat(r.rtt().get(0).connectMinUs()).isEqualTo(300.0);
            assertThat(s.recommendedPrimaryAzId()).isEqualTo("apne1-az4");
            assertThat(s.verdict()).startsWith("Confirmed on " + SPOT + ": both independent measures put apne1-az4 first.");
            assertThat(s.evidence()).isEqualTo(new Summary.Evidence(3, 3, 0));
            // the RTT fields sit on the one-way AZ entries too, as summary.json promises
            assertThat(s.azs().get(0).rttSamples()).isEqualTo(200);
            assertThat(s.azs().get(0).rttMedianUs()).isBetween(600.0, 800.0);
        }

        @Test
        void isContradictedWhenTheRoundTripsPutAnotherAzFirstAndThenRecommendsNothing() throws IOException {
            Path run = run(CLEAR);
            roundTrips(run, SPOT, Map.of("i-a", 1900.0, "i-b", 600.0, "i-c", 2800.0));
            Summary s = analyze(run);
            assertThat(s.endpoints().get(0).agreement()).isEqualTo("contradicted");
            assertThat(s.recommendedPrimaryAzId()).isNull();
            assertThat(s.verdict()).contains("Contradicted on " + SPOT + ": the one-way ranking puts apne1-az4 first, "
                    + "the round trips put apne1-az1 first").endsWith("No primary AZ is recommended.");
            assertThat(Files.readString(dir.resolve("report/report.md"))).contains("**contradicted**")
                    .contains("pulumi config set kubetrader:primaryAzId <azId> -s dev");
        }

        @Test
        void isOneWayOnlyWithoutRttCsvTheOldLayoutAndStillRecommendsOnTheClocks() throws IOException {
            Summary s = analyze(run(CLEAR));
            Summary.EndpointResult r = s.endpoints().get(0);
            assertThat(r.agreement()).isEqualTo("one-way only");
            assertThat(r.rtt()).isEmpty();
            assertThat(s.evidence()).isEqualTo(new Summary.Evidence(3, 0, 0));
            assertThat(s.recommendedPrimaryAzId()).isEqualTo("apne1-az4");
            assertThat(s.azs().get(0).rttSamples()).isNull();
            assertThat(s.verdict()).contains("there are no round trips to check it against")
                    .contains("Round trips: none in this run (no trades.rtt.csv)");
            assertThat(Files.readString(dir.resolve("report/report.md")))
                    .contains("trades.rtt.csv (round trips, no clock needed) from 0 of 3");
        }

        @Test
        void isOneWayOnlyWhenTheRoundTripsOverlapAndThenTheyNeitherConfirmNorContradict() throws IOException {
            Path run = run(CLEAR);
            roundTrips(run, SPOT, Map.of("i-a", 1000.0, "i-b", 1005.0, "i-c", 1010.0));
            Summary s = analyze(run);
            Summary.EndpointResult r = s.endpoints().get(0);
            assertThat(r.rttResolved()).isFalse();
            assertThat(r.agreement()).isEqualTo("one-way only");
            assertThat(s.recommendedPrimaryAzId()).isEqualTo("apne1-az4");
            assertThat(s.verdict()).contains("the round trips do not resolve the order");
        }

        @Test
        void isRttOnlyWhenOnlyTheRoundTripsResolveAndThenRecommendsNothing() throws IOException {
            Path run = run(List.of(
                    Instance.of("i-a", "apne1-az4", "ap-northeast-1a", 500, 40),
                    Instance.of("i-b", "apne1-az1", "ap-northeast-1c", 515, 40)));
            roundTrips(run, SPOT, Map.of("i-a", 600.0, "i-b", 1900.0));
            Summary s = analyze(run);
            assertThat(s.endpoints().get(0).agreement()).isEqualTo("rtt only");
            assertThat(s.recommendedPrimaryAzId()).isNull();
        }
    }

    /** The collector names its round-trip file after its --out (trades.rtt.csv); older runs have rtt.csv. */
    @Nested
    class TheRoundTripFile {

        @Test
        void isReadAsTradesRttCsvBesideTradesCsv() throws IOException {
            Path run = run(CLEAR);
            roundTrips(run, SPOT, Map.of("i-a", 600.0, "i-b", 1900.0, "i-c", 2800.0));
            assertThat(run.resolve("i-a/trades.rtt.csv")).isRegularFile();
            assertThat(run.resolve("i-a/rtt.csv")).doesNotExist();
            assertThat(analyze(run).evidence()).isEqualTo(new Summary.Evidence(3, 3, 0));
        }

        @Test
        void fallsBackToAnOlderRunsRttCsv() throws IOException {
            Path run = run(CLEAR);
            roundTrips(run, SPOT, Map.of("i-a", 600.0, "i-b", 1900.0, "i-c", 2800.0));
            for (String id : List.of("i-a", "i-b", "i-c")) {
                Files.move(run.resolve(id).resolve("trades.rtt.csv"), run.resolve(id).resolve("rtt.csv"));
            }
            Summary s = analyze(run);
            assertThat(s.evidence()).isEqualTo(new Summary.Evidence(3, 3, 0));
            assertThat(s.endpoints().get(0).agreement()).isEqualTo("confirmed");
        }

        @Test
        void prefersTradesRttCsvWhenBothAreThere() throws IOException {
            Path run = run(CLEAR);
            roundTrips(run, SPOT, Map.of("i-a", 600.0, "i-b", 1900.0, "i-c", 2800.0));
            Files.writeString(run.resolve("i-a/rtt.csv"), "not even a header\n");
            assertThat(RoundTrips.in(run.resolve("i-a"))).isEqualTo(run.resolve("i-a/trades.rtt.csv"));
            assertThat(analyze(run).evidence()).isEqualTo(new Summary.Evidence(3, 3, 0));
        }
    }

    /**
     * A one-way latency below zero: the trade was received before the exchange stamped it. No path allows that, so
     * the instance's clock is wrong by more than its bound, whatever chrony reported.
     */
    @Nested
    class ClockEvidence {

        /** Writes the run with the truth kept, returns how many aligned readings of {@code id} are negative. */
        long negativeIn(Path run, List<Instance> instances, String id) throws IOException {
            SyntheticRun.Truth truth = SyntheticRun.write(run, Spec.of(instances, SYMBOLS, 3000));
            return truth.alignedLatencies().get(id).values().stream().flatMap(List::stream).filter(l -> l < 0)
                    .count();
        }

        @Test
        void namesNegativeReadingsWithTheirCountAndNeverCallsThemConfirmed() throws IOException {
            Path run = dir.resolve("run");
            // apne1-az4 is first either way, but its clock runs 700 µs behind: its readings go below zero
            long negative = negativeIn(run, List.of(
                    Instance.of("i-a", "apne1-az4", "ap-northeast-1a", -400, 20),
                    Instance.of("i-b", "apne1-az1", "ap-northeast-1c", 950, 20),
                    Instance.of("i-c", "apne1-az2", "ap-northeast-1d", 1400, 20)), "i-a");
            roundTrips(run, SPOT, Map.of("i-a", 600.0, "i-b", 1900.0, "i-c", 2800.0));
            Summary s = analyze(run);
            Summary.EndpointResult r = s.endpoints().get(0);
            assertThat(negative).isPositive();
            assertThat(r.clockFlags()).singleElement().satisfies(f -> {
                assertThat(f.azId()).isEqualTo("apne1-az4");
                assertThat(f.negativeReadings()).isEqualTo(negative);
                assertThat(f.readings()).isEqualTo(3000);
                assertThat(f.lowestUs()).isNegative();
                assertThat(f.clockBoundUs()).isEqualTo(20.0);
            });
            assertThat(r.oneWayResolved()).isTrue();
            assertThat(r.rttBestAzId()).isEqualTo("apne1-az4");
            assertThat(r.agreement()).as("both rankings agree, but a clock lies").isEqualTo("clock suspect");
            assertThat(s.recommendedPrimaryAzId()).isNull();
            assertThat(s.verdict()).startsWith("Clock suspect on " + SPOT + ": the one-way ranking puts apne1-az4 "
                    + "first and the round trips agree, but apne1-az4 received trades before the exchange stamped them")
                    .contains("Clock evidence: apne1-az4 has " + negative + " negative one-way reading(s) of 3000")
                    .doesNotContain("Confirmed");
            assertThat(EvidenceVerdict.resolvedBest(r)).as("a trend counts the round trips' winner only")
                    .isEqualTo("apne1-az4");
            String md = Files.readString(dir.resolve("report/report.md"));
            assertThat(md).contains("**clock suspect**").contains("| apne1-az4 | i-a | " + negative + " | 3000 |");
            assertThat(Files.readString(dir.resolve("report/latency.svg"))).contains("clock: " + negative + " negative")
                    .contains("below 0: received before it happened");
        }

        @Test
        void showsTheAzThatOnlyTheSkewMadeFastestContradictedByItsRoundTripsAndRecommendsNothing()
                throws IOException {
            Path run = dir.resolve("run");
            negativeIn(run, List.of(
                    Instance.of("i-a", "apne1-az4", "ap-northeast-1a", 300, 20),
                    Instance.of("i-b", "apne1-az1", "ap-northeast-1c", 950 - 2000, 20),
                    Instance.of("i-c", "apne1-az2", "ap-northeast-1d", 1400, 20)), "i-b");
            roundTrips(run, SPOT, Map.of("i-a", 600.0, "i-b", 1900.0, "i-c", 2800.0));
            Summary s = analyze(run);
            Summary.EndpointResult r = s.endpoints().get(0);
            assertThat(r.oneWayBestAzId()).isEqualTo("apne1-az1");
            assertThat(r.agreement()).isEqualTo("contradicted");
            assertThat(r.clockFlags()).extracting(Summary.ClockFlag::azId).containsExactly("apne1-az1");
            assertThat(s.recommendedPrimaryAzId()).isNull();
            assertThat(s.verdict()).contains("the one-way ranking puts apne1-az1 first, the round trips put apne1-az4 "
                    + "first; apne1-az1's clock evidence below explains it");
        }

        @Test
        void anInstanceWhoseTradesCsvHoldsOnlyItsHeaderIsNoDataNotAContradiction() throws IOException {
            Path run = run(List.of(
                    Instance.of("i-a", "apne1-az4", "ap-northeast-1a", 300, 20),
                    Instance.of("i-b", "apne1-az1", "ap-northeast-1c", 950, 20).withNoTrades(),
                    Instance.of("i-c", "apne1-az2", "ap-northeast-1d", 1400, 20)));
            // the instance without trades still pinged, and has the shortest round trip of all
            roundTrips(run, SPOT, Map.of("i-a", 600.0, "i-b", 300.0, "i-c", 2800.0));
            Summary s = analyze(run);
            Summary.EndpointResult r = s.endpoints().get(0);
            assertThat(r.rtt()).extracting(Summary.RttAz::azId, Summary.RttAz::oneWayRank).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("apne1-az1", null),
                    org.assertj.core.groups.Tuple.tuple("apne1-az4", 1),
                    org.assertj.core.groups.Tuple.tuple("apne1-az2", 2));
            assertThat(r.rttBestAzId()).as("compared over the AZ IDs with one-way data").isEqualTo("apne1-az4");
            assertThat(r.agreement()).isEqualTo("confirmed");
            assertThat(s.recommendedPrimaryAzId()).isEqualTo("apne1-az4");
            assertThat(s.verdict()).contains("apne1-az1 has round trips but no one-way readings (no data)");
            assertThat(Files.readString(dir.resolve("report/report.md"))).contains("| 1 | apne1-az1 | no data |")
                    .doesNotContain("ontradicted");
        }
    }

    @Nested
    class ConnectProbes {

        @Test
        void showTheirSampleCountAndRankNothingOnFewerThanTenPerAzId() throws IOException {
            Path run = run(CLEAR);
            roundTrips(run, SPOT, Map.of("i-a", 600.0, "i-b", 1900.0, "i-c", 2800.0));
            Summary s = analyze(run);
            assertThat(s.endpoints().get(0).rtt()).extracting(Summary.RttAz::connectSamples).containsOnly(1);
            assertThat(s.verdict()).contains("TCP connect probes: 1 to 1 per AZ ID, fewer than the 10 a comparison "
                    + "needs, so they rank nothing.");
            assertThat(Files.readString(dir.resolve("report/report.md"))).contains("| n=1, 300.0 / 300.0 |");
        }

        @Test
        void areOrderedByTheirMedianOnceEveryAzIdHasTen() throws IOException {
            Path run = run(CLEAR);
            roundTrips(run, SPOT, Map.of("i-a", 600.0, "i-b", 1900.0, "i-c", 2800.0));
            for (var e : Map.of("i-a", 310, "i-b", 960, "i-c", 1410).entrySet()) {
                StringBuilder rows = new StringBuilder();
                for (int k = 0; k < 9; k++) {
                    rows.append(SPOT).append(",,tcp_connect,").append(SyntheticRun.START_US + k).append(',')
                            .append(e.getValue() + k).append('\n');
                }
                Files.writeString(run.resolve(e.getKey()).resolve(RoundTrips.FILE), rows,
                        java.nio.file.StandardOpenOption.APPEND);
            }
            Summary s = analyze(run);
            assertThat(s.endpoints().get(0).rtt()).extracting(Summary.RttAz::connectSamples).containsOnly(10);
            assertThat(s.verdict()).contains("TCP connect probes (10 or more per AZ ID), by median: apne1-az4 ")
                    .contains("; shown, not part of the verdict.");
        }
    }

    @Nested
    class TheChart {

        @Test
        void neverBreaksOnALatencyMinusItsBoundAtOrBelowZeroWithMeansFiftyTimesTheMinimums() throws IOException {
            // floors of 10 and 60 µs under a 40 µs bound, and a tail that puts the means in the milliseconds: the
            // log axis XChart chose here used to throw on min - bound <= 0
            Path run = dir.resolve("run");
            SyntheticRun.write(run, Spec.of(List.of(
                    Instance.of("i-a", "apne1-az4", "ap-northeast-1a", 10, 40),
                    Instance.of("i-b", "apne1-az1", "ap-northeast-1c", 60, 40)), SYMBOLS, 3000)
                    .withJitter(5, 5000).withoutTruth());
            roundTrips(run, SPOT, Map.of("i-a", 600.0, "i-b", 1900.0));
            analyze(run);
            String svg = Files.readString(dir.resolve("report/latency.svg"));
            assertThat(svg).contains(">apne1-az4<", ">apne1-az1<").doesNotContain("NaN").doesNotContain("Infinity");
            assertThat(Files.size(dir.resolve("report/latency.svg"))).isLessThan(150_000);
        }
    }

    @Nested
    class TheClockThroughTheRun {

        @Test
        void replacesTheEndSnapshotWithTheLargestSampledBoundSoAWideClockLeavesTheRunUnresolved() throws IOException {
            Path run = run(CLEAR);
            // the end snapshot says 20 µs; mid-run the clock drifted to 400 µs
            SyntheticRun.writeClock(run.resolve("i-a"), List.of(20.0, 400.0, 35.0));
            SyntheticRun.writeClock(run.resolve("i-b"), List.of(20.0, 300.0, 25.0));
            Summary s = analyze(run);
            Summary.Comparison top = s.comparisons().get(0);
            assertThat(top.combinedClockBoundUs()).isEqualTo(700.0);
            assertThat(top.resolved()).as("a ~650 µs gap under a 700 µs combined bound").isFalse();
            assertThat(s.recommendedPrimaryAzId()).isNull();
            assertThat(s.azs()).filteredOn(a -> a.azId().equals("apne1-az4")).singleElement()
                    .satisfies(a -> {
                        assertThat(a.clockBoundMaxUs()).isEqualTo(400.0);
                        assertThat(a.clockBoundUs()).isEqualTo(400.0);
                    });
            assertThat(s.azs()).filteredOn(a -> a.azId().equals("apne1-az2")).singleElement()
                    .satisfies(a -> assertThat(a.clockBoundMaxUs()).as("no clock.csv").isNull());
            assertThat(s.evidence().withClockCsv()).isEqualTo(2);
            assertThat(Files.readString(dir.resolve("report/report.md")))
                    .contains("clock bound ±400.0 µs from clock.csv (largest of the run; median 35.0 µs)");
        }

        @Test
        void refusesAClockCsvWithAnUnreadableBoundNamingTheFileAndTheLine() throws IOException {
            Path run = run(CLEAR);
            SyntheticRun.writeClock(run.resolve("i-a"), List.of(20.0));
            Files.writeString(run.resolve("i-a/clock.csv"), Files.readString(run.resolve("i-a/clock.csv"))
                    .replace(",20.000\n", ",lots\n"));
            assertThatThrownBy(() -> analyze(run)).isInstanceOf(AnalysisException.class)
                    .hasMessageContaining(run.resolve("i-a/clock.csv") + ": line 2: bound_us 'lots' is not a finite number");
            assertThat(dir.resolve("report")).doesNotExist();
        }
    }

    @Nested
    class TwoEndpoints {

        Path twoEndpointRun() throws IOException {
            Path spot = dir.resolve("spot");
            Path vision = dir.resolve("vision");
            SyntheticRun.write(spot, Spec.of(CLEAR, SYMBOLS, 3000).withoutTruth());
            SyntheticRun.write(vision, Spec.of(List.of(
                    Instance.of("i-a", "apne1-az4", "ap-northeast-1a", 950, 20),
                    Instance.of("i-b", "apne1-az1", "ap-northeast-1c", 300, 20),
                    Instance.of("i-c", "apne1-az2", "ap-northeast-1d", 1400, 20)), SYMBOLS, 3000)
                    .withSeed(7).withoutTruth());
            Map<String, Path> runs = new LinkedHashMap<>();
            runs.put("spot", spot);
            runs.put("vision", vision);
            Path run = dir.resolve("run");
            SyntheticRun.mergeEndpoints(run, runs);
            roundTrips(run, "spot", Map.of("i-a", 600.0, "i-b", 1900.0, "i-c", 2800.0));
            roundTrips(run, "vision", Map.of("i-a", 1900.0, "i-b", 600.0, "i-c", 2800.0));
            return run;
        }

        @Test
        void rankEachEndpointOnItsOwnAndSayWhenTheyDisagree() throws IOException {
            Summary s = analyze(twoEndpointRun());
            assertThat(s.endpoints()).extracting(Summary.EndpointResult::endpoint).containsExactly("spot", "vision");
            assertThat(s.endpoints()).extracting(Summary.EndpointResult::agreement).containsOnly("confirmed");
            assertThat(s.endpoints()).extracting(Summary.EndpointResult::oneWayBestAzId)
                    .containsExactly("apne1-az4", "apne1-az1");
            assertThat(s.endpointsAgree()).isFalse();
            assertThat(s.primaryEndpoint()).isEqualTo("spot");
            assertThat(s.recommendedPrimaryAzId()).isEqualTo("apne1-az4");
            assertThat(s.verdict()).contains("The endpoints disagree on the closest AZ ID (spot: apne1-az4, "
                    + "vision: apne1-az1); the recommendation is for spot alone");
            // each endpoint aligned on its own trades: 3000 each, none mixed
            assertThat(s.endpoints()).extracting(Summary.EndpointResult::alignedTrades).containsOnly(3000L);
            JsonNode json = new ObjectMapper().readTree(dir.resolve("report/summary.json").toFile());
            assertThat(json.get("endpoints").get(1).get("agreement").asText()).isEqualTo("confirmed");
            assertThat(json.get("endpoints").get(1).get("azs").get(0).has("rttP95Us")).isTrue();
            assertThat(json.get("endpoints").get(1).get("azs").get(0).has("clockBoundMaxUs")).isTrue();
            assertThat(Files.readAllLines(dir.resolve("report/per-symbol.csv")))
                    .anyMatch(l -> l.endsWith(",spot")).anyMatch(l -> l.endsWith(",vision"));
        }

        @Test
        void recommendForTheEndpointTheUserNames() throws IOException {
            Summary s = Analysis.run(twoEndpointRun(), dir.resolve("report"), "dev", "vision",
                    RunAnalyzer.Settings.defaults());
            assertThat(s.primaryEndpoint()).isEqualTo("vision");
            assertThat(s.recommendedPrimaryAzId()).isEqualTo("apne1-az1");
            assertThat(s.azs().get(0).azId()).isEqualTo("apne1-az1");
        }

        @Test
        void refuseAPrimaryEndpointThatStreamedNothingListingTheOnesThatDid() throws IOException {
            Path run = twoEndpointRun();
            assertThatThrownBy(() -> Analysis.run(run, dir.resolve("report"), "dev", "ws-api",
                    RunAnalyzer.Settings.defaults())).isInstanceOf(AnalysisException.class)
                    .hasMessageContaining("--primary-endpoint 'ws-api' streamed no trades")
                    .hasMessageContaining("endpoints with trades: spot, vision");
            assertThat(dir.resolve("report")).doesNotExist();
        }
    }

    @Nested
    class TheRoundTripRule {

        /** n samples 1..n: the 10th percentile's 95 % interval runs between these ranks. */
        @ParameterizedTest(name = "n={0}: ranks {1}..{2}")
        @CsvSource({"5, 1, 3", "20, 1, 6", "200, 11, 30", "3600, 324, 397"})
        void boundsTheTenthPercentileByOrderStatistics(int n, int low, int high) {
            double[] sorted = IntStream.rangeClosed(1, n).asDoubleStream().toArray();
            double[] ci = RttStats.quantileInterval(sorted, RttStats.RANKED_QUANTILE);
            assertThat(ci).containsExactly(low, high);
        }

        @ParameterizedTest(name = "one-way {0} ({1}), rtt {2} ({3}) -> {4}")
        @CsvSource({
                "true, apne1-az4, true, apne1-az4, confirmed",
                "true, apne1-az4, true, apne1-az1, contradicted",
                "true, apne1-az4, false, apne1-az1, one-way only",
                "false, apne1-az4, true, apne1-az1, rtt only",
                "false, apne1-az4, false, apne1-az4, not resolved"})
        void combinesTheTwoRankingsIntoOneAgreement(boolean oneWay, String oneWayBest, boolean rtt, String rttBest,
                                                    String agreement) {
            assertThat(EvidenceVerdict.agreement(oneWay, oneWayBest, rtt, rttBest)).isEqualTo(agreement);
        }

        @Test
        void countsALostPingAsLostNeverAsAValueAndRefusesAnUnknownKind() throws IOException {
            Path file = dir.resolve("rtt.csv");
            Files.writeString(file, RoundTrips.HEADER + "\nspot,0,ws_ping,1,700\nspot,0,ws_ping,2,\nspot,,tcp_connect,3,\n");
            RoundTrips.Samples s = RoundTrips.read(file).byEndpoint().get("spot");
            assertThat(s.pingRttUs()).containsExactly(700L);
            assertThat(s.pingsLost()).isEqualTo(1);
            assertThat(s.tcpConnectUs()).as("a failed probe is no value either").isEmpty();

            Files.writeString(file, RoundTrips.HEADER + "\nspot,0,icmp,1,700\n");
            assertThatThrownBy(() -> RoundTrips.read(file)).hasMessageContaining(file + ": line 2: kind 'icmp'");
            Files.writeString(file, "endpoint,rtt\n");
            assertThatThrownBy(() -> RoundTrips.read(file)).hasMessageContaining("wrong header");
        }
    }
}
