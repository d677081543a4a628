package com.kubetrader.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.kubetrader.offline.OfflineRun;
import com.kubetrader.offline.SimulatedAccount;
import com.kubetrader.plan.fleet.FleetPlanner;
import com.kubetrader.plan.fleet.StreamTradesDocument;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shell steps of the SSM document the dev stack declares, on this machine, with
 * stand-ins on PATH: dnf, chronyc, java (writes a trades.csv) and the aws CLI (a directory as the
 * bucket), and a local IMDSv2 server on 127.0.0.1 that refuses requests without a session token.
 */
@DisplayName("The SSM document's shell steps, run locally")
class BenchmarkFleetDocumentStepsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String BUCKET = "kubetrader-benchmark-results-tokyo";
    static final String TOKEN = "imds-session-token-1";
    static final Map<String, String> IMDS = Map.of(
            "instance-id", "i-0a3f8c12be0c4a001",
            "instance-type", "c8g.xlarge",
            "placement/region", "ap-northeast-1",
            "placement/availability-zone", "ap-northeast-1a",
            "placement/availability-zone-id", "apne1-az4",
            "ami-id", "ami-0123456789abcdef0");
    static final String TRACKING_FAST = """
            Reference ID    : A9FEA97B (169.254.169.123)
            Stratum         : 2
            Ref time (UTC)  : Sat Nov 21 20:00:00 2026
            System time     : 0.000000123 seconds fast of NTP time
            Last offset     : +0.000000041 seconds
            RMS offset      : 0.000000411 seconds
            Frequency       : 3.551 ppm slow
            Residual freq   : +0.000 ppm
            Skew            : 0.017 ppm
            Root delay      : 0.000107722 seconds
            Root dispersion : 0.000029770 seconds
            Update interval : 16.0 seconds
            Leap status     : Normal
            """;

    static List<Map<String, Object>> steps;
    static JsonNode documentParameters;
    static Map<String, Object> outputs;

    @TempDir
    Path work;
    Path fakeS3;
    Path home;
    Path bin;
    Path stubLog;
    HttpServer imds;
    final List<String> imdsRequests = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readTheDocumentTheDevStackDeclares() throws Exception {
        var run = OfflineRun.run(Path.of(""), "dev", Map.of(), new SimulatedAccount());
        assertThat(run.errors()).isEmpty();
        String content = run.named("aws:ssm/document:Document", "kubetrader-bench-document").inputText("content");
        steps = (List<Map<String, Object>>) JSON.readValue(content, Map.class).get("mainSteps");
        documentParameters = JSON.readTree(content).get("parameters");
        outputs = run.outputs();
    }

    @BeforeEach
    void standIns() throws Exception {
        fakeS3 = Files.createDirectories(work.resolve("s3"));
        home = work.resolve("bench-home");
        bin = Files.createDirectories(work.resolve("bin"));
        stubLog = work.resolve("stub.log");
        Files.writeString(stubLog, "");

        Path scripts = Files.createDirectories(fakeS3.resolve(BUCKET).resolve("scripts"));
        for (String script : FleetPlanner.INSTANCE_SCRIPTS) {
            Files.copy(Path.of(FleetPlanner.SCRIPTS_DIR, script), scripts.resolve(script));
        }
        Files.writeString(scripts.resolve("stream-trades.jar"), "not really a jar");

        stub("dnf", "echo \"dnf $*\" >> \"$STUB_LOG\"\nexit \"${STUB_DNF_EXIT:-0}\"\n");
        stub("systemctl", "echo \"systemctl $*\" >> \"$STUB_LOG\"\n");
        stub("chronyc", "echo \"chronyc $*\" >> \"$STUB_LOG\"\ncat \"$STUB_CHRONY\"\n");
        stub("java", """
                echo "java $*" >> "$STUB_LOG"
                if [ "$1" = "-version" ]; then echo 'openjdk version "21.0.5" (stand-in)' >&2; exit 0; fi
                out=""
                while [ $# -gt 0 ]; do case "$1" in --out) out="$2"; shift 2 ;; *) shift ;; esac; done
                echo "stream-trades: connected (stand-in)" >&2
                printf 'symbol,tradeId,eventTimeUs,localTimeUs\\nBTCUSDT,1,10,20\\nETHUSDT,2,11,22\\nSOLUSDT,3,12,25\\nBTCUSDT,4,13,27\\n' > "$out"
                printf 'endpoint,connection,kind,sent_time_us,rtt_us\\nwss://stream.binance.com:9443,0,ws_ping,10,812\\n' > "${out%.csv}.rtt.csv"
                echo "stream-trades: run ${STUB_JAVA_MARK:-}" >&2
                echo "stream-trades: exiting with ${STUB_JAVA_EXIT:-0}" >&2
                exit "${STUB_JAVA_EXIT:-0}"
                """);
        stub("aws", """
                echo "aws $*" >> "$STUB_LOG"
                args=()
                while [ $# -gt 0 ]; do
                    case "$1" in --region) shift 2 ;; --delete|--only-show-errors) shift ;; *) args+=("$1"); shift ;; esac
                done
                set -- "${args[@]}"
                local_path() { printf '%s/%s' "$FAKE_S3" "${1#s3://}"; }
                case "$1 $2" in
                    "s3 sync") mkdir -p "$4"; cp -R "$(local_path "$3")"/. "$4"/ ;;
                    "s3 ls") p="$(local_path "$3")"
                             if [ -d "$p" ] && [ -n "$(ls -A "$p")" ]; then ls "$p"; else exit 1; fi ;;
                    "ssm send-command") printf '%s\n' "$@" > "$STUB_SEND_ARGS"; echo "cmd-0123456789" ;;
                    "s3 cp") d="$(local_path "$4")"; mkdir -p "$(dirname "$d")"; cp "$3" "$d" ;;
                    *) echo "aws stand-in: unsupported $*" >&2; exit 255 ;;
                esac
                """);
        chrony(TRACKING_FAST);

        imds = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        imds.createContext("/latest/api/token", ex -> {
            boolean ok = ex.getRequestMethod().equals("PUT")
                    && ex.getRequestHeaders().getFirst("X-aws-ec2-metadata-token-ttl-seconds") != null;
            reply(ex, ok ? 200 : 400, ok ? TOKEN : "");
        });
        imds.createContext("/latest/meta-data/", ex -> {
            String path = ex.getRequestURI().getPath().substring("/latest/meta-data/".length());
            String token = ex.getRequestHeaders().getFirst("X-aws-ec2-metadata-token");
            imdsRequests.add(path + " token=" + token);
            if (!TOKEN.equals(token)) {
                reply(ex, 401, "");
            } else if (IMDS.containsKey(path)) {
                reply(ex, 200, IMDS.get(path));
            } else {
                reply(ex, 404, "");
            }
        });
        imds.start();
    }

    @AfterEach
    void stopImds() {
        imds.stop(0);
    }

    record StepRun(String name, int exit, String stderr) {
    }

    /** Runs the document's steps in order, as the SSM agent would; a failing step with onFailure exit ends the run. */
    List<StepRun> runDocument(Map<String, String> parameters, Map<String, String> env) throws Exception {
        List<StepRun> runs = new ArrayList<>();
        for (Map<String, Object> step : steps) {
            @SuppressWarnings("unchecked")
            Map<String, Object> inputs = (Map<String, Object>) step.get("inputs");
            @SuppressWarnings("unchecked")
            List<String> lines = (List<String>) inputs.get("runCommand");
            String script = substitute(String.join("\n", lines), parameters);
            assertThat(script).doesNotContain("{{");
            Path file = work.resolve(step.get("name") + ".sh");
            Files.writeString(file, script + "\n");
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", file.toString());
            Map<String, String> e = pb.environment();
            e.put("PATH", bin + ":" + System.getenv("PATH"));
            e.put(StreamTradesDocument.BENCH_HOME_VARIABLE, home.toString());
            e.put("KUBETRADER_IMDS_ENDPOINT", "http://127.0.0.1:" + imds.getAddress().getPort());
            e.put("FAKE_S3", fakeS3.toString());
            e.put("STUB_LOG", stubLog.toString());
            e.put("STUB_CHRONY", work.resolve("tracking.txt").toString());
            // never the machine's own /dev or /etc/chrony.conf: a PHC is simulated per test
            e.put("KUBETRADER_DEV_DIR", Files.createDirectories(work.resolve("dev")).toString());
            e.put("KUBETRADER_CHRONY_CONF", work.resolve("chrony.conf").toString());
            e.putAll(env);
            Path err = work.resolve(step.get("name") + ".err");
            pb.redirectError(err.toFile()).redirectOutput(work.resolve(step.get("name") + ".out").toFile());
            Process p = pb.start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("step %s finished", step.get("name")).isTrue();
            runs.add(new StepRun((String) step.get("name"), p.exitValue(), Files.readString(err)));
            if (p.exitValue() != 0 && "exit".equals(inputs.get("onFailure"))) {
                break;
            }
        }
        return runs;
    }

    /** The one successful run the Success tests share (see {@link Success#run()}). */
    static final class SharedRun {
        List<StepRun> runs;
        Path work;
        String firstWork;
        List<String> imdsRequests;
    }

    static final SharedRun SUCCESS = new SharedRun();

    /**
     * Copies a directory's files over another's, keeping permissions (the stubs and scripts are executable), with
     * the first run's working directory in file contents replaced by this test's.
     */
    static void copyTree(Path from, Path to, String oldWork, String newWork) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                byte[] bytes = Files.readAllBytes(target);
                String text = new String(bytes, StandardCharsets.UTF_8);
                if (!oldWork.equals(newWork) && text.contains(oldWork)) {
                    Files.writeString(target, text.replace(oldWork, newWork));
                }
            }
        }
    }

    static String substitute(String text, Map<String, String> parameters) {
        String out = text;
        for (var p : parameters.entrySet()) {
            out = out.replace("{{ " + p.getKey() + " }}", p.getValue());
        }
        return out;
    }

    static Map<String, String> parameters(String runId, int duration, String symbols, int executionTimeout) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("runId", runId);
        p.put("durationSeconds", Integer.toString(duration));
        p.put("endpoint", "wss://stream.binance.com:9443");
        p.put("symbols", symbols);
        p.put("executionTimeout", Integer.toString(executionTimeout));
        return p;
    }

    static Map<String, String> parameters(String runId, String symbols) {
        return parameters(runId, 60, symbols, 60 + FleetPlanner.EXECUTION_MARGIN_SECONDS);
    }

    Path results(String runId) {
        return fakeS3.resolve(BUCKET).resolve("results").resolve(runId).resolve(IMDS.get("instance-id"));
    }

    List<String> uploaded(String runId) throws IOException {
        Path dir = results(runId);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    JsonNode metadata(String runId) throws IOException {
        return JSON.readTree(results(runId).resolve("metadata.json").toFile());
    }

    void chrony(String tracking) throws IOException {
        Files.writeString(work.resolve("tracking.txt"), tracking);
    }

    void stub(String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/bash\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    static double seconds(String tracking, String field) {
        for (String line : tracking.split("\n")) {
            if (line.startsWith(field)) {
                String value = line.substring(line.indexOf(':') + 1).trim();
                double v = Double.parseDouble(value.split(" ")[0]);
                return value.contains("slow") ? -v : v;
            }
        }
        throw new IllegalArgumentException(field);
    }

    @Nested
    @DisplayName("a run where the collector succeeds")
    class Success {
        List<StepRun> runs;

        /**
         * Every test here reads the same successful run: the document runs once, and each test gets a copy of what
         * it left (its working directory, the IMDS requests), so no test sees another's changes.
         */
        @BeforeEach
        void run() throws Exception {
            synchronized (SUCCESS) {
                if (SUCCESS.runs == null) {
                    SUCCESS.runs = runDocument(parameters("run-ok", "BTCUSDT,ETHUSDT"), Map.of());
                    SUCCESS.work = Files.createTempDirectory("document-success-");
                    SUCCESS.firstWork = work.toString();
                    copyTree(work, SUCCESS.work, work.toString(), work.toString());
                    SUCCESS.imdsRequests = List.copyOf(imdsRequests);
                } else {
                    copyTree(SUCCESS.work, work, SUCCESS.firstWork, work.toString()); // paths in logs point here
                    imdsRequests.addAll(SUCCESS.imdsRequests);
                }
            }
            runs = SUCCESS.runs;
        }

        @Test
        void passesEveryStep() {
            assertThat(runs).extracting(StepRun::name).containsExactly("installJdk", "syncScripts", "collect");
            assertThat(runs).allSatisfy(r -> assertThat(r.exit()).as(r.name() + ": " + r.stderr()).isZero());
        }

        @Test
        void installsTheJdkSyncsTheScriptsAndRunsTheCollectorWithTheParameters() throws Exception {
            String log = Files.readString(stubLog);
            assertThat(log).contains("dnf install -y " + StreamTradesDocument.JDK_PACKAGE);
            assertThat(home.resolve("run-benchmark.sh")).isExecutable();
            assertThat(log).contains("java -jar " + home.resolve("stream-trades.jar") + " --endpoint wss://stream.binance.com:9443"
                    + " --symbols BTCUSDT,ETHUSDT --duration-seconds 60 --out ");
        }

        @Test
        void uploadsMetadataTradesAndTheCollectorLogUnderRunIdAndInstanceId() throws Exception {
            assertThat(uploaded("run-ok")).containsExactly("clock.csv", "collector.log", "metadata.json", "trades.csv",
                    "trades.rtt.csv");
            assertThat(results("run-ok").resolve("collector.log")).content().contains("stream-trades: connected");
            assertThat(results("run-ok").resolve("trades.csv")).content().startsWith("symbol,");
        }

        @Test
        void writesMetadataWithExactlyTheAgreedKeys() throws Exception {
            JsonNode m = metadata("run-ok");
            List<String> keys = new ArrayList<>();
            m.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).containsExactly("instanceId", "instanceType", "region", "availabilityZone",
                    "availabilityZoneId", "amiId", "kernel", "startedAt", "endedAt", "endpoint", "symbolCount",
                    "chrony", "clockErrorBoundUs", "clockSource", "ptpDevice", "clockSamples", "clockBoundMedianUs",
                    "clockBoundMaxUs");
            List<String> chronyKeys = new ArrayList<>();
            m.get("chrony").fieldNames().forEachRemaining(chronyKeys::add);
            assertThat(chronyKeys).containsExactly("referenceId", "stratum", "systemTimeOffsetSeconds",
                    "lastOffsetSeconds", "rmsOffsetSeconds", "rootDelaySeconds", "rootDispersionSeconds");
        }

        @Test
        void takesTheInstanceFactsFromImdsV2WithASessionToken() throws Exception {
            JsonNode m = metadata("run-ok");
            assertThat(m.get("instanceId").asText()).isEqualTo(IMDS.get("instance-id"));
            assertThat(m.get("instanceType").asText()).isEqualTo(IMDS.get("instance-type"));
            assertThat(m.get("region").asText()).isEqualTo(IMDS.get("placement/region"));
            assertThat(m.get("availabilityZone").asText()).isEqualTo(IMDS.get("placement/availability-zone"));
            assertThat(m.get("availabilityZoneId").asText()).isEqualTo(IMDS.get("placement/availability-zone-id"));
            assertThat(m.get("amiId").asText()).isEqualTo(IMDS.get("ami-id"));
            assertThat(m.get("kernel").asText()).isNotBlank();
            assertThat(imdsRequests).isNotEmpty().allSatisfy(r -> assertThat(r).endsWith("token=" + TOKEN));
        }

        @Test
        void recordsTheRunsParametersAndTimes() throws Exception {
            JsonNode m = metadata("run-ok");
            assertThat(m.get("endpoint").asText()).isEqualTo("wss://stream.binance.com:9443");
            assertThat(m.get("symbolCount").asInt()).isEqualTo("BTCUSDT,ETHUSDT".split(",").length);
            Instant started = Instant.parse(m.get("startedAt").asText());
            Instant ended = Instant.parse(m.get("endedAt").asText());
            assertThat(started).isBeforeOrEqualTo(ended);
        }

        @Test
        void parsesChronyAndComputesTheClockErrorBound() throws Exception {
            JsonNode c = metadata("run-ok").get("chrony");
            assertThat(c.get("referenceId").asText()).isEqualTo("A9FEA97B (169.254.169.123)");
            assertThat(c.get("stratum").asInt()).isEqualTo(2);
            double system = seconds(TRACKING_FAST, "System time");
            double delay = seconds(TRACKING_FAST, "Root delay");
            double dispersion = seconds(TRACKING_FAST, "Root dispersion");
            assertThat(c.get("systemTimeOffsetSeconds").asDouble()).isEqualTo(system);
            assertThat(c.get("lastOffsetSeconds").asDouble()).isEqualTo(seconds(TRACKING_FAST, "Last offset"));
            assertThat(c.get("rmsOffsetSeconds").asDouble()).isEqualTo(seconds(TRACKING_FAST, "RMS offset"));
            assertThat(c.get("rootDelaySeconds").asDouble()).isEqualTo(delay);
            assertThat(c.get("rootDispersionSeconds").asDouble()).isEqualTo(dispersion);
            assertThat(metadata("run-ok").get("clockErrorBoundUs").asDouble())
                    .isCloseTo((Math.abs(system) + dispersion + delay / 2) * 1e6, within(0.001));
        }

        @Test
        void samplesTheClockThroughTheRunIntoClockCsvWithChronysBoundAndSummarisesItInMetadata() throws Exception {
            List<String> lines = Files.readAllLines(results("run-ok").resolve("clock.csv"));
            assertThat(lines.get(0)).startsWith("time_utc,reference_id,stratum,system_time_s,").endsWith(",bound_us");
            double expected = (Math.abs(seconds(TRACKING_FAST, "System time")) + seconds(TRACKING_FAST, "Root dispersion")
                    + seconds(TRACKING_FAST, "Root delay") / 2) * 1e6;
            assertThat(lines.subList(1, lines.size())).isNotEmpty().allSatisfy(row -> {
                String[] f = row.split(",");
                assertThat(f[1]).isEqualTo("A9FEA97B (169.254.169.123)");
                assertThat(f[6]).as("frequency, signed: slow is negative").isEqualTo("-3.551");
                assertThat(Double.parseDouble(f[13])).isCloseTo(expected, within(0.001));
            });
            JsonNode m = metadata("run-ok");
            assertThat(m.get("clockSamples").asInt()).isEqualTo(lines.size() - 1);
            assertThat(m.get("clockBoundMaxUs").asDouble()).isCloseTo(expected, within(0.001));
            assertThat(m.get("clockBoundMedianUs").asDouble()).isCloseTo(expected, within(0.001));
            assertThat(m.get("clockSource").asText()).isEqualTo("ntp");
            assertThat(m.get("ptpDevice").isNull()).isTrue();
        }
    }

    @Nested
    @DisplayName("a run where the collector fails")
    class CollectorFails {
        /** Millisecond timestamps (3), and a run that recorded no trade (6): the log and metadata still arrive. */
        @org.junit.jupiter.params.ParameterizedTest(name = "collector exit {0}")
        @org.junit.jupiter.params.provider.ValueSource(ints = {com.kubetrader.collector.Collector.EXIT_MILLISECOND_TIMESTAMPS,
                com.kubetrader.collector.Collector.EXIT_NO_TRADES})
        void stillUploadsEverythingAndFailsTheStepWithTheCollectorsExitCode(int code) throws Exception {
            List<StepRun> runs = runDocument(parameters("run-fail", "ALL"), Map.of("STUB_JAVA_EXIT", String.valueOf(code)));
            assertThat(runs).last().satisfies(r -> {
                assertThat(r.name()).isEqualTo("collect");
                assertThat(r.exit()).isEqualTo(code);
            });
            assertThat(uploaded("run-fail")).containsExactly("clock.csv", "collector.log", "metadata.json", "trades.csv",
                    "trades.rtt.csv");
            assertThat(results("run-fail").resolve("collector.log")).content().contains("exiting with " + code);
            assertThat(metadata("run-fail").get("instanceId").asText()).isEqualTo(IMDS.get("instance-id"));
        }

        @Test
        void countsTheSymbolsSeenWhenAllWereRequested() throws Exception {
            runDocument(parameters("run-all", "ALL"), Map.of());
            List<String> rows = Files.readAllLines(results("run-all").resolve("trades.csv"));
            long distinct = rows.stream().skip(1).map(r -> r.split(",")[0]).distinct().count();
            assertThat(metadata("run-all").get("symbolCount").asLong()).isEqualTo(distinct);
        }
    }

    @Nested
    @DisplayName("an instance with a PTP hardware clock")
    class HardwareClock {

        static final String TRACKING_PHC = TRACKING_FAST.replace("A9FEA97B (169.254.169.123)", "50484330 (PHC0)")
                .replace("Stratum         : 2", "Stratum         : 1");

        @Test
        void pointsChronyAtItOnceWaitsForItAndRecordsItAsTheReference() throws Exception {
            Files.createDirectories(work.resolve("dev"));
            Files.writeString(work.resolve("dev/ptp_ena"), "");
            Files.writeString(work.resolve("chrony.conf"), "server 169.254.169.123 prefer iburst\n");
            chrony(TRACKING_PHC);
            runDocument(parameters("run-phc", "BTCUSDT"), Map.of());
            runDocument(parameters("run-phc-2", "BTCUSDT"), Map.of());

            String line = "refclock PHC " + work.resolve("dev/ptp_ena") + " poll 0 delay 0.000010 prefer";
            assertThat(Files.readAllLines(work.resolve("chrony.conf"))).containsExactly(
                    "server 169.254.169.123 prefer iburst", line);
            assertThat(Files.readString(stubLog)).containsOnlyOnce("systemctl restart chronyd");
            JsonNode m = metadata("run-phc");
            assertThat(m.get("ptpDevice").asText()).isEqualTo(work.resolve("dev/ptp_ena").toString());
            assertThat(m.get("clockSource").asText()).isEqualTo("phc");
            assertThat(m.get("chrony").get("referenceId").asText()).isEqualTo("50484330 (PHC0)");
        }
    }

    @Nested
    @DisplayName("the stack's printed command lines, pasted into bash")
    class PastedLines {
        @Test
        void sendParametersEachDocumentParameterAcceptsAndSyncTheRunsFolder() throws Exception {
            Path args = work.resolve("send-args.txt");
            String send = (String) outputs.get("benchmarkSendCommand");
            Process p = bash(send, Map.of("STUB_SEND_ARGS", args.toString()));
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(stdout).isZero();

            List<String> argv = Files.readAllLines(args);
            assertThat(argv.subList(0, 2)).containsExactly("ssm", "send-command");
            @SuppressWarnings("unchecked")
            Map<String, String> ids = (Map<String, String>) outputs.get("benchmarkInstanceIds");
            int at = argv.indexOf("--instance-ids");
            assertThat(argv.subList(at + 1, at + 1 + ids.size())).containsExactlyElementsOf(ids.values());
            JsonNode sent = JSON.readTree(argv.get(argv.indexOf("--parameters") + 1));
            List<String> names = new ArrayList<>();
            sent.fieldNames().forEachRemaining(names::add);
            List<String> declared = new ArrayList<>();
            documentParameters.fieldNames().forEachRemaining(declared::add);
            assertThat(names).containsExactlyInAnyOrderElementsOf(declared);
            for (String name : names) {
                String value = sent.get(name).get(0).asText();
                assertThat(value).as(name).matches(documentParameters.get(name).get("allowedPattern").asText());
            }
            String runId = sent.get("runId").get(0).asText();
            assertThat(stdout).contains("runId: " + runId);
            assertThat(Integer.parseInt(sent.get("executionTimeout").get(0).asText()))
                    .isEqualTo(Integer.parseInt(sent.get("durationSeconds").get(0).asText()) + FleetPlanner.EXECUTION_MARGIN_SECONDS);

            Path instanceDir = Files.createDirectories(fakeS3.resolve(BUCKET).resolve("results").resolve(runId).resolve("i-0123"));
            Files.writeString(instanceDir.resolve("metadata.json"), "{}");
            Process sync = bash((String) outputs.get("benchmarkSyncCommand"), Map.of("RUN_ID", runId));
            assertThat(sync.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(sync.exitValue()).isZero();
            assertThat(work.resolve("runs").resolve(runId).resolve("i-0123").resolve("metadata.json")).exists();
        }

        Process bash(String line, Map<String, String> env) throws IOException {
            ProcessBuilder pb = new ProcessBuilder("/bin/bash", "-c", line).directory(work.toFile());
            pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            pb.environment().put("FAKE_S3", fakeS3.toString());
            pb.environment().put("STUB_LOG", stubLog.toString());
            pb.environment().putAll(env);
            pb.redirectErrorStream(true);
            return pb.start();
        }
    }

    @Nested
    @DisplayName("a run where the JDK cannot be installed")
    class NoJdk {
        @Test
        void stopsAfterTheInstallStepWithoutRunningTheCollector() throws Exception {
            List<StepRun> runs = runDocument(parameters("run-nojdk", "ALL"), Map.of("STUB_DNF_EXIT", "1"));
            assertThat(runs).extracting(StepRun::name).containsExactly("installJdk");
            assertThat(runs.get(0).exit()).isNotZero();
            assertThat(Files.readString(stubLog)).doesNotContain("java -jar");
        }
    }

    @Nested
    @DisplayName("a second run with the same run ID")
    class SecondRun {
        @Test
        void isRefusedAndLeavesTheFirstRunsFilesAlone() throws Exception {
            runDocument(parameters("run-twice", "ALL"), Map.of("STUB_JAVA_MARK", "first"));
            String firstLog = Files.readString(results("run-twice").resolve("collector.log"));
            String firstTrades = Files.readString(results("run-twice").resolve("trades.csv"));

            List<StepRun> again = runDocument(parameters("run-twice", "ALL"), Map.of("STUB_JAVA_MARK", "second"));
            assertThat(again).last().satisfies(r -> {
                assertThat(r.exit()).isEqualTo(3);
                assertThat(r.stderr()).contains("already holds results").contains("new runId");
            });
            assertThat(Files.readString(results("run-twice").resolve("collector.log"))).isEqualTo(firstLog).contains("run first");
            assertThat(Files.readString(results("run-twice").resolve("trades.csv"))).isEqualTo(firstTrades);
            assertThat(Files.readString(stubLog)).containsOnlyOnce("java -jar");
        }
    }

    @Nested
    @DisplayName("a run whose executionTimeout leaves no time to upload")
    class ShortTimeout {
        @Test
        void isRefusedBeforeTheCollectorStarts() throws Exception {
            List<StepRun> runs = runDocument(parameters("run-short", 600, "ALL", 600), Map.of());
            assertThat(runs).last().satisfies(r -> {
                assertThat(r.exit()).isEqualTo(2);
                assertThat(r.stderr()).contains("pass at least " + (600 + FleetPlanner.EXECUTION_MARGIN_SECONDS));
            });
            assertThat(Files.readString(stubLog)).doesNotContain("java -jar");
            assertThat(uploaded("run-short")).isEmpty();
        }
    }

    @Nested
    @DisplayName("a clock running slow of NTP time")
    class SlowClock {
        @Test
        void recordsANegativeSystemOffsetAndBoundsWithItsMagnitude() throws Exception {
            String slow = TRACKING_FAST.replace("0.000000123 seconds fast", "0.000002500 seconds slow");
            chrony(slow);
            runDocument(parameters("run-slow", "ALL"), Map.of());
            JsonNode m = metadata("run-slow");
            double system = seconds(slow, "System time");
            assertThat(system).isNegative();
            assertThat(m.get("chrony").get("systemTimeOffsetSeconds").asDouble()).isEqualTo(system);
            assertThat(m.get("clockErrorBoundUs").asDouble()).isCloseTo(
                    (Math.abs(system) + seconds(slow, "Root dispersion") + seconds(slow, "Root delay") / 2) * 1e6,
                    within(0.001));
        }
    }
}
