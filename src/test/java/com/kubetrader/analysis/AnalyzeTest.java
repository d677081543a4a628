package com.kubetrader.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.kubetrader.analysis.SyntheticRun.Instance;
import com.kubetrader.analysis.SyntheticRun.Spec;
import com.kubetrader.analysis.SyntheticRun.Truth;
import com.kubetrader.cli.KubetraderCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;

class AnalyzeTest {

    static final int SYMBOLS = 21; // odd: the median over symbols is one of the values

    /** Runs the CLI in-process and captures exit code, stdout and stderr. */
    record CliResult(int exit, String out, String err) {
    }

    static CliResult cli(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = KubetraderCli.run(args);
            return new CliResult(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static Summary analyze(Path run, Path out) {
        return Analysis.run(run, out, "dev", RunAnalyzer.Settings.defaults());
    }

    // ---- independent expectations from the generator's truth ----

    static double median(List<? extends Number> values) {
        List<Double> v = values.stream().map(Number::doubleValue).sorted().toList();
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    static long minOf(List<Long> v) {
        return v.stream().mapToLong(Long::longValue).min().orElseThrow();
    }

    static double meanOf(List<Long> v) {
        return v.stream().mapToLong(Long::longValue).average().orElseThrow();
    }

    /** Median over symbols of the per-symbol statistic, from the aligned readings the generator wrote. */
    static double expectedMedian(Truth truth, String instanceId, Function<List<Long>, Number> perSymbol) {
        return median(truth.alignedLatencies().get(instanceId).values().stream()
                .filter(l -> !l.isEmpty()).map(perSymbol).toList());
    }

    static Summary.Az az(Summary s, String azId) {
        return s.azs().stream().filter(a -> a.azId().equals(azId)).findFirst().orElseThrow();
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ARunWithAClearWinnerDropsAndDuplicates {

        final List<Instance> instances = List.of(
                Instance.of("i-0c7e92b4", "apne1-az1", "ap-northeast-1c", 950, 25).withDropRate(0.02),
                Instance.of("i-0a3f8c12", "apne1-az4", "ap-northeast-1a", 300, 20).withDuplicateRate(0.03),
                Instance.of("i-0d2a16e9", "apne1-az2", "ap-northeast-1d", 1400, 30).withDropRate(0.01)
                        .withDuplicateRate(0.01));
        Path dir;
        Truth truth;
        Summary summary;
        Path report;

        @BeforeAll
        void generateAndAnalyze(@TempDir Path tempDir) throws IOException {
            dir = tempDir;
            Path run = dir.resolve("run");
            truth = SyntheticRun.write(run, Spec.of(instances, SYMBOLS, 6000).withExtraColumn());
            report = dir.resolve("report");
            summary = analyze(run, report);
        }

        @Test
        void ranksTheAzIdsInTheOrderOfTheirInjectedBaseFloors() {
            List<String> expected = instances.stream().sorted(Comparator.comparingDouble(Instance::baseFloorUs))
                    .map(Instance::azId).toList();
            assertThat(summary.azs()).extracting(Summary.Az::azId).containsExactlyElementsOf(expected);
            assertThat(summary.azs()).extracting(Summary.Az::rank).containsExactly(1, 2, 3);
            assertThat(summary.recommendedPrimaryAzId()).isEqualTo(expected.get(0));
            assertThat(summary.comparisons()).allMatch(Summary.Comparison::resolved);
        }

        @Test
        void reportsTheMedianAndQuartilesOverSymbolsOfThePerSymbolMinimumAndMean() {
            for (Instance in : instances) {
                Summary.Az a = az(summary, in.azId());
                assertThat(a.instanceId()).isEqualTo(in.instanceId());
                assertThat(a.azName()).isEqualTo(in.azName());
                assertThat(a.symbols()).isEqualTo(SYMBOLS);
                assertThat(a.medianMinUs()).isEqualTo(expectedMedian(truth, in.instanceId(), SyntheticRunTruth::min));
                assertThat(a.medianMeanUs())
                        .isCloseTo(expectedMedian(truth, in.instanceId(), SyntheticRunTruth::mean), within(1e-6));
                List<Double> mins = truth.alignedLatencies().get(in.instanceId()).values().stream()
                        .map(l -> (double) minOf(l)).sorted().toList();
                // 21 values: the (n-1)p rule puts Q1 at index 5 and Q3 at index 15 exactly
                assertThat(a.q1MinUs()).isEqualTo(mins.get(5));
                assertThat(a.q3MinUs()).isEqualTo(mins.get(15));
                assertThat(a.whiskerLowMinUs()).isBetween(mins.get(0), a.q1MinUs());
                assertThat(a.whiskerHighMinUs()).isBetween(a.q3MinUs(), mins.get(SYMBOLS - 1));
                assertThat(a.q1MeanUs()).isLessThanOrEqualTo(a.medianMeanUs());
                assertThat(a.q3MeanUs()).isGreaterThanOrEqualTo(a.medianMeanUs());
                assertThat(a.fastestUs()).isEqualTo((long) (double) mins.get(0));
                assertThat(a.clockBoundUs()).isEqualTo(in.clockBoundUs());
            }
        }

        @Test
        void measuresTheGapOfEveryAzIdToTheBest() {
            Summary.Az best = summary.azs().get(0);
            for (Summary.Az a : summary.azs()) {
                double expected = expectedMedian(truth, a.instanceId(), SyntheticRunTruth::min)
                        - expectedMedian(truth, best.instanceId(), SyntheticRunTruth::min);
                assertThat(a.gapToBestUs()).isEqualTo(expected);
            }
        }

        @Test
        void computesCountMinMedianAndMeanOfEveryAzIdAndSymbolFromTheAlignedTradesOnly() throws IOException {
            List<String> lines = Files.readAllLines(report.resolve("per-symbol.csv"));
            assertThat(lines.get(0)).isEqualTo("az_id,instance_id,symbol,count,min_us,p50_us,mean_us,p99_us,endpoint");
            assertThat(lines).hasSize(1 + SYMBOLS * instances.size());
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                List<Long> aligned = truth.alignedLatencies().get(f[1]).get(f[2]);
                assertThat(Long.parseLong(f[3])).as(line).isEqualTo(aligned.size());
                assertThat(Long.parseLong(f[4])).as(line).isEqualTo(minOf(aligned));
                assertThat(Double.parseDouble(f[5])).as(line).isCloseTo(median(aligned), within(0.05));
                assertThat(Double.parseDouble(f[6])).as(line).isCloseTo(meanOf(aligned), within(0.05));
            }
        }

        @Test
        void countsTradesNotSeenByAllInstancesAndDuplicateRowsPerInstance() {
            assertThat(summary.alignedTrades()).isEqualTo(truth.alignedTrades());
            for (Summary.Instance i : summary.instances()) {
                assertThat(i.rows()).as(i.instanceId()).isEqualTo(truth.rows().get(i.instanceId()));
                assertThat(i.droppedNotSeenByAll()).as(i.instanceId())
                        .isEqualTo(truth.droppedNotSeenByAll().get(i.instanceId()));
                assertThat(i.droppedDuplicate()).as(i.instanceId())
                        .isEqualTo(truth.droppedDuplicate().get(i.instanceId()));
                assertThat(i.alignedTrades()).isEqualTo(truth.alignedTrades());
                assertThat(i.excluded()).isFalse();
            }
            // the generator did drop and duplicate something, so the counts above are not trivially zero
            assertThat(truth.droppedNotSeenByAll().values()).allMatch(n -> n > 0);
            assertThat(truth.droppedDuplicate().get("i-0a3f8c12")).isPositive();
        }

        @Test
        void writesSummaryJsonWithTheDocumentedFields() throws IOException {
            JsonNode json = new ObjectMapper().readTree(report.resolve("summary.json").toFile());
            assertThat(json.get("recommendedPrimaryAzId").asText()).isEqualTo("apne1-az4");
            JsonNode first = json.get("azs").get(0);
            for (String field : List.of("azId", "azName", "instanceId", "symbols", "medianMinUs", "medianMeanUs",
                    "q1MinUs", "q3MinUs", "q1MeanUs", "q3MeanUs", "whiskerLowMinUs", "whiskerHighMinUs", "rank",
                    "gapToBestUs", "clockBoundUs", "fastestUs")) {
                assertThat(first.has(field)).as(field).isTrue();
            }
            assertThat(first.get("medianMinUs").asDouble()).isEqualTo(summary.azs().get(0).medianMinUs());
            JsonNode inst = json.get("instances").get(0);
            for (String field : List.of("instanceId", "azId", "rows", "alignedTrades", "droppedNotSeenByAll",
                    "droppedDuplicate", "excluded")) {
                assertThat(inst.has(field)).as(field).isTrue();
            }
            assertThat(json.get("comparisons")).hasSize(2);
        }

        @Test
        void endsReportMdWithThePulumiConfigLineForTheWinner() throws IOException {
            String md = Files.readString(report.resolve("report.md"));
            List<String> lines = md.lines().filter(l -> !l.isBlank() && !l.startsWith("```")).toList();
            assertThat(lines.get(lines.size() - 1))
                    .isEqualTo("pulumi config set kubetrader:primaryAzId apne1-az4 -s dev");
            assertThat(md).contains("| 1 | apne1-az4 | ap-northeast-1a | i-0a3f8c12 | 21 |");
        }

        @Test
        void drawsLatencySvgAsValidSvgWithEveryAzIdAsTextUnder150Kb() throws Exception {
            Path svg = report.resolve("latency.svg");
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            Document doc = f.newDocumentBuilder().parse(svg.toFile());
            assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
            String text = Files.readString(svg);
            String desc = doc.getElementsByTagName("desc").item(0).getTextContent();
            for (Instance in : instances) {
                assertThat(desc).contains(in.azId());
            }
            assertThat(doc.getElementsByTagName("title").item(0).getTextContent()).contains("per AZ ID");
            List<String> texts = new java.util.ArrayList<>();
            for (int i = 0; i < doc.getElementsByTagName("text").getLength(); i++) {
                texts.add(doc.getElementsByTagName("text").item(i).getTextContent());
            }
            for (Instance in : instances) {
                assertThat(texts).as("each AZ ID is written as text").contains(in.azId());
            }
            assertThat(texts).contains("One-way latency per AZ ID", "no round trips for this endpoint (no trades.rtt.csv)")
                    .anyMatch(t -> t.contains("lower is better"));
            assertThat(Files.size(svg)).isLessThan(150_000);
            assertThat(text).doesNotContain("NaN").doesNotContain("Infinity");
        }

        @Test
        void namesTheStackInTheConfigLineWhenRunFromTheCommandLine() throws IOException {
            CliResult r = cli("analyze", dir.resolve("run").toString(), "--out", dir.resolve("cli").toString(),
                    "--stack", "prod");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("pulumi config set kubetrader:primaryAzId apne1-az4 -s prod");
            assertThat(r.err()).contains("analyze: aligned and aggregated in");
            assertThat(Files.readString(dir.resolve("cli/report.md")))
                    .contains("pulumi config set kubetrader:primaryAzId apne1-az4 -s prod");
            try (Stream<Path> s = Files.list(dir.resolve("cli"))) {
                assertThat(s.map(p -> p.getFileName().toString()))
                        .as("DuckDB's spill directory is removed")
                        .containsExactlyInAnyOrder("summary.json", "report.md", "per-symbol.csv", "latency.svg");
            }
        }
    }

    /** Per-symbol statistics of the truth, as method references for {@link #expectedMedian}. */
    static final class SyntheticRunTruth {
        static Number min(List<Long> v) {
            return minOf(v);
        }

        static Number mean(List<Long> v) {
            return meanOf(v);
        }
    }

    @Nested
    class AzIdsCloserThanTheirClockBounds {

        @TempDir
        Path dir;

        @Test
        void leaveRankOneVersusRankTwoUnresolvedAndRecommendNoPrimary() throws IOException {
            List<Instance> instances = List.of(
                    Instance.of("i-a", "apne1-az4", "ap-northeast-1a", 500, 40),
                    Instance.of("i-b", "apne1-az1", "ap-northeast-1c", 515, 40),
                    Instance.of("i-c", "apne1-az2", "ap-northeast-1d", 1500, 40));
            Truth truth = SyntheticRun.write(dir.resolve("run"), Spec.of(instances, SYMBOLS, 4000));
            Summary s = analyze(dir.resolve("run"), dir.resolve("report"));

            double gap = expectedMedian(truth, "i-b", SyntheticRunTruth::min)
                    - expectedMedian(truth, "i-a", SyntheticRunTruth::min);
            assertThat(Math.abs(gap)).as("the generator's gap is inside the combined bound").isLessThan(80);
            Summary.Comparison top = s.comparisons().get(0);
            assertThat(top.resolved()).isFalse();
            assertThat(top.combinedClockBoundUs()).isEqualTo(80);
            assertThat(top.gapUs()).isEqualTo(Math.abs(gap));
            assertThat(s.comparisons().get(1).resolved()).isTrue();
            assertThat(s.recommendedPrimaryAzId()).isNull();
            assertThat(s.verdict()).startsWith("Not resolved");

            String md = Files.readString(dir.resolve("report/report.md"));
            assertThat(md).contains("**not resolved**").contains("No primary AZ is recommended");
            List<String> lines = md.lines().filter(l -> !l.isBlank() && !l.startsWith("```")).toList();
            assertThat(lines.get(lines.size() - 1)).isEqualTo("pulumi config set kubetrader:primaryAzId <azId> -s dev");
            JsonNode json = new ObjectMapper().readTree(dir.resolve("report/summary.json").toFile());
            assertThat(json.has("recommendedPrimaryAzId")).isTrue();
            assertThat(json.get("recommendedPrimaryAzId").isNull()).isTrue();
        }

        @Test
        void stillRecommendTheWinnerWhenOnlyRankTwoVersusRankThreeIsUnresolved() throws IOException {
            List<Instance> instances = List.of(
                    Instance.of("i-a", "apne1-az4", "ap-northeast-1a", 300, 10),
                    Instance.of("i-b", "apne1-az1", "ap-northeast-1c", 900, 30),
                    Instance.of("i-c", "apne1-az2", "ap-northeast-1d", 910, 30));
            SyntheticRun.write(dir.resolve("run"), Spec.of(instances, SYMBOLS, 4000));
            Summary s = analyze(dir.resolve("run"), dir.resolve("report"));
            assertThat(s.recommendedPrimaryAzId()).isEqualTo("apne1-az4");
            assertThat(s.comparisons()).extracting(Summary.Comparison::resolved).containsExactly(true, false);
        }
    }

    @Nested
    class AnInstanceWithNoTrades {

        @TempDir
        Path dir;

        @Test
        void isExcludedFromTheRankingWithANoteWhileTheOthersAreCompared() throws IOException {
            List<Instance> instances = List.of(
                    Instance.of("i-a", "apne1-az4", "ap-northeast-1a", 300, 20),
                    Instance.of("i-b", "apne1-az1", "ap-northeast-1c", 900, 20).withNoTrades(),
                    Instance.of("i-c", "apne1-az2", "ap-northeast-1d", 1400, 20));
            Truth truth = SyntheticRun.write(dir.resolve("run"), Spec.of(instances, SYMBOLS, 3000));
            CliResult r = cli("analyze", dir.resolve("run").toString(), "--out", dir.resolve("report").toString());
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.err()).contains("i-b").contains("no trades");
            Summary s = analyze(dir.resolve("run"), dir.resolve("report2"));
            assertThat(s.azs()).extracting(Summary.Az::azId).containsExactly("apne1-az4", "apne1-az2");
            Summary.Instance b = s.instances().stream().filter(i -> i.instanceId().equals("i-b")).findFirst()
                    .orElseThrow();
            assertThat(b.excluded()).isTrue();
            assertThat(b.note()).contains("no trades");
            assertThat(s.alignedTrades()).isEqualTo(truth.alignedTrades()).isEqualTo(3000);
            assertThat(Files.readString(dir.resolve("report/report.md"))).contains("**excluded**");
        }

        @Test
        void isAnErrorWhenFewerThanTwoInstancesHaveTrades() throws IOException {
            SyntheticRun.write(dir.resolve("run"), Spec.of(List.of(
                    Instance.of("i-a", "apne1-az4", "ap-northeast-1a", 300, 20),
                    Instance.of("i-b", "apne1-az1", "ap-northeast-1c", 900, 20).withNoTrades()), SYMBOLS, 100));
            CliResult r = cli("analyze", dir.resolve("run").toString(), "--out", dir.resolve("report").toString());
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("1 of 2 instances have trades").doesNotContain("\tat ");
        }
    }

    @Nested
    class AMissingOrCorruptFile {

        @TempDir
        Path dir;

        interface Damage {
            void apply(Path instanceDir) throws IOException;
        }

        static Stream<Arguments> badInputs() {
            return Stream.of(
                    Arguments.of("no metadata.json", "metadata.json", "missing",
                            (Damage) d -> Files.delete(d.resolve("metadata.json"))),
                    Arguments.of("metadata.json is not JSON", "metadata.json", "not valid JSON",
                            (Damage) d -> Files.writeString(d.resolve("metadata.json"), "{\"instanceId\": ")),
                    Arguments.of("metadata.json is a JSON array", "metadata.json", "expected a JSON object",
                            (Damage) d -> Files.writeString(d.resolve("metadata.json"), "[]")),
                    Arguments.of("metadata.json lacks availabilityZoneId", "metadata.json",
                            "missing key \"availabilityZoneId\"",
                            (Damage) d -> edit(d.resolve("metadata.json"), "\"availabilityZoneId\"", "\"x\"")),
                    Arguments.of("metadata.json lacks clockErrorBoundUs and chrony.rootDelaySeconds", "metadata.json",
                            "no clock bound: \"clockErrorBoundUs\" is absent and so is \"chrony.rootDelaySeconds\"",
                            (Damage) d -> {
                                edit(d.resolve("metadata.json"), "\"clockErrorBoundUs\"", "\"x\"");
                                edit(d.resolve("metadata.json"), "\"rootDelaySeconds\"", "\"y\"");
                            }),
                    Arguments.of("metadata.json has no bound and no chrony object", "metadata.json",
                            "no clock bound: neither \"clockErrorBoundUs\" nor a \"chrony\" object",
                            (Damage) d -> Files.writeString(d.resolve("metadata.json"),
                                    "{\"instanceId\":\"i-b\",\"availabilityZoneId\":\"apne1-az1\"}")),
                    Arguments.of("clockErrorBoundUs is text", "metadata.json",
                            "\"clockErrorBoundUs\" must be a number",
                            (Damage) d -> edit(d.resolve("metadata.json"), "\"clockErrorBoundUs\" : 20.0",
                                    "\"clockErrorBoundUs\" : \"20\"")),
                    Arguments.of("no trades.csv", "trades.csv", "missing",
                            (Damage) d -> Files.delete(d.resolve("trades.csv"))),
                    Arguments.of("trades.csv is empty", "trades.csv", "empty",
                            (Damage) d -> Files.writeString(d.resolve("trades.csv"), "")),
                    Arguments.of("trades.csv has the wrong header", "trades.csv", "wrong header",
                            (Damage) d -> edit(d.resolve("trades.csv"), "event_time_us,trade_time_us",
                                    "trade_time_us,event_time_us")),
                    Arguments.of("trades.csv has a non-numeric latency", "trades.csv", "latency_us",
                            (Damage) d -> Files.writeString(d.resolve("trades.csv"),
                                    "SYM0000USDT,1,1732200000000000,1732200000000000,1732200000000300,fast\n",
                                    java.nio.file.StandardOpenOption.APPEND)),
                    Arguments.of("trades.csv has a latency of an hour", "trades.csv",
                            "a reading beyond that is a broken clock, not a latency",
                            (Damage) d -> Files.writeString(d.resolve("trades.csv"),
                                    "SYM0000USDT,1,1732200000000000,1732200000000000,1732203600000000,3600000000\n",
                                    java.nio.file.StandardOpenOption.APPEND)));
        }

        static void edit(Path file, String from, String to) throws IOException {
            String s = Files.readString(file);
            assertThat(s).contains(from);
            Files.writeString(file, s.replace(from, to));
        }

        @ParameterizedTest(name = "{0} instances: counted {1}")
        @org.junit.jupiter.params.provider.CsvSource({"3, in one packed sum", "8, in one packed sum",
                "9, one filtered count each"})
        void countsEachInstancesRowsOfATradeInOnePackedSumUpToEightInstances(int n, String how) {
            List<RunAnalyzer.Input> inputs = java.util.stream.IntStream.range(0, n).mapToObj(i -> new RunAnalyzer.Input(
                    null, Path.of("i-" + i, "trades.csv"), RunAnalyzer.REQUIRED_COLUMNS, true)).toList();
            String keys = RunAnalyzer.keysQuery(inputs, null);
            String stats = RunAnalyzer.statsQuery(n);
            if (n <= RunAnalyzer.MAX_PACKED_INSTANCES) {
                assertThat(keys).contains("sum(unit) AS c").doesNotContain("count(*)")
                        .contains((n - 1) + "::UTINYINT AS inst, " + java.math.BigInteger.ONE.shiftLeft(16 * (n - 1))
                                + "::HUGEINT AS unit");
                assertThat(stats).contains("((c >> " + 16 * (n - 1) + ") & 65535)");
            } else {
                assertThat(keys).contains("count(*) FILTER (WHERE inst = 8) AS c8").doesNotContain("unit");
                assertThat(stats).contains("c8 - 1").doesNotContain(">>");
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("badInputs")
        void isReportedAsAClearErrorNamingTheFileWithoutAStackTrace(String scenario, String file, String problem,
                                                                      Damage damage) throws IOException {
            SyntheticRun.write(dir.resolve("run"), Spec.of(List.of(
                    Instance.of("i-a", "apne1-az4", "ap-northeast-1a", 300, 20),
                    Instance.of("i-b", "apne1-az1", "ap-northeast-1c", 900, 20)), 3, 50));
            damage.apply(dir.resolve("run/i-b"));
            CliResult r = cli("analyze", dir.resolve("run").toString(), "--out", dir.resolve("report").toString());
            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).contains(dir.resolve("run/i-b/" + file).toString()).contains(problem)
                    .doesNotContain("\tat ").doesNotContain("Exception");
        }

        @Test
        void aMinimalMetadataFileFromAnotherToolAnalysesWithTheBoundComputedFromChrony() throws IOException {
            SyntheticRun.write(dir.resolve("run"), Spec.of(List.of(
                    Instance.of("i-a", "apne1-az4", "ap-northeast-1a", 300, 20),
                    Instance.of("i-b", "apne1-az1", "ap-northeast-1c", 900, 20)), 3, 50));
            // only what the analysis uses: no amiId, kernel, AZ name, times, or clockErrorBoundUs
            Files.writeString(dir.resolve("run/i-b/metadata.json"), "{\"instanceId\":\"i-b\","
                    + "\"availabilityZoneId\":\"apne1-az1\",\"chrony\":{\"systemTimeOffsetSeconds\":-0.000004,"
                    + "\"rootDispersionSeconds\":0.000010,\"rootDelaySeconds\":0.000040}}");
            CliResult r = cli("analyze", dir.resolve("run").toString(), "--out", dir.resolve("report").toString());
            assertThat(r.exit()).as(r.err()).isZero();
            Summary.Az b = new ObjectMapper().readValue(dir.resolve("report/summary.json").toFile(), Summary.class)
                    .azs().stream().filter(a -> a.azId().equals("apne1-az1")).findFirst().orElseThrow();
            assertThat(b.clockBoundUs()).isCloseTo(4 + 10 + 40 / 2.0, within(1e-6));
            assertThat(b.azName()).isNull();
            assertThat(Files.readString(dir.resolve("report/report.md")))
                    .contains("**i-b** (apne1-az1): clock bound ±34.0 µs from the chrony fields")
                    .contains("**i-a** (apne1-az4): clock bound ±20.0 µs from clockErrorBoundUs; amiId `");
        }

        @Test
        void aMissingRunDirectoryIsAClearError() {
            CliResult r = cli("analyze", dir.resolve("nope").toString(), "--out", dir.resolve("report").toString());
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains(dir.resolve("nope").toString()).contains("does not exist");
        }
    }
}
