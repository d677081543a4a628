package com.kubetrader.plan.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of "SSM Document v0.3": a schema 2.2 Command document with three
 * {@code aws:runShellScript} steps: install a JDK, sync the scripts from the bucket, then
 * {@code run-benchmark.sh}, which writes metadata.json, runs the collector for the duration and
 * always uploads {@code <resultsPrefix>/<runId>/<instanceId>/}, also when the collector fails.
 *
 * <p>Timeouts: a step's {@code timeoutSeconds} can reference a document parameter (AWS's own
 * AWS-RunShellScript does {@code "{{ executionTimeout }}"}), but cannot compute with one. So the
 * collect step's timeout is the {@code executionTimeout} parameter; its default and the value in
 * the stack's send-command line are durationSeconds plus {@link FleetPlanner#EXECUTION_MARGIN_SECONDS},
 * and run-benchmark.sh refuses to start when a hand-written executionTimeout leaves less than that
 * margin, so SSM can never kill the step before the upload.
 *
 * <p>Every parameter is substituted into a shell line, so each has an {@code allowedPattern}
 * that admits no quote, space or shell metacharacter.
 */
public final class StreamTradesDocument {

    public static final String VERSION = "v0.3";
    public static final String SCHEMA_VERSION = "2.2";
    public static final String JDK_PACKAGE = "java-21-amazon-corretto-headless";
    public static final String BENCH_HOME = "/opt/kubetrader-bench";
    /** Tests point the steps at a temporary directory; unset on the instances. */
    public static final String BENCH_HOME_VARIABLE = "KUBETRADER_BENCH_HOME";
    public static final String RUN_ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";
    public static final String DURATION_PATTERN = "^[1-9][0-9]{1,5}$";
    /** AWS-RunShellScript's own pattern for executionTimeout: 1 to 172800. */
    public static final String EXECUTION_TIMEOUT_PATTERN =
            "^([1-9][0-9]{0,4}|1[0-6][0-9]{4}|17[0-1][0-9]{3}|172[0-7][0-9]{2}|172800)$";
    public static final int INSTALL_TIMEOUT_SECONDS = 600;
    public static final int SYNC_TIMEOUT_SECONDS = 300;

    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamTradesDocument() {
    }

    public static String content(String region, String bucket, String resultsPrefix, int durationSeconds,
                                 String endpoint, String symbols) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schemaVersion", SCHEMA_VERSION);
        doc.put("description", description());
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("runId", parameter("Names this run: results go to s3://" + bucket + "/" + resultsPrefix
                + "/<runId>/<instanceId>/. A run ID that already holds results is refused.", null, RUN_ID_PATTERN));
        parameters.put("durationSeconds", parameter("How long the collector streams trades, in seconds.",
                Integer.toString(durationSeconds), DURATION_PATTERN));
        parameters.put("endpoint", parameter("WebSocket base URL of the exchange stream.", endpoint,
                FleetSettings.ENDPOINT_PATTERN));
        parameters.put("symbols", parameter("ALL, or symbols separated by commas (BTCUSDT,ETHUSDT).", symbols,
                FleetSettings.SYMBOLS_PATTERN));
        parameters.put("executionTimeout", parameter("Seconds the collect step may run before SSM stops it; at least "
                + "durationSeconds + " + FleetPlanner.EXECUTION_MARGIN_SECONDS + " (run-benchmark.sh checks).",
                Integer.toString(durationSeconds + FleetPlanner.EXECUTION_MARGIN_SECONDS), EXECUTION_TIMEOUT_PATTERN));
        doc.put("parameters", parameters);

        String home = "BENCH_HOME=\"${" + BENCH_HOME_VARIABLE + ":-" + BENCH_HOME + "}\"";
        doc.put("mainSteps", List.of(
                step("installJdk", Integer.toString(INSTALL_TIMEOUT_SECONDS), true, List.of(
                        "set -eu",
                        "dnf install -y " + JDK_PACKAGE,
                        "java -version")),
                step("syncScripts", Integer.toString(SYNC_TIMEOUT_SECONDS), true, List.of(
                        "set -eu",
                        home,
                        "mkdir -p \"$BENCH_HOME\"",
                        "aws s3 sync --region " + region + " --only-show-errors \"s3://" + bucket
                                + "/" + FleetPlanner.SCRIPTS_PREFIX + "/\" \"$BENCH_HOME/\"",
                        "chmod 0755 \"$BENCH_HOME\"/*.sh")),
                step("collect", "{{ executionTimeout }}", false, List.of(
                        "set -eu",
                        home,
                        "exec /bin/bash \"$BENCH_HOME/run-benchmark.sh\""
                                + " --bucket '" + bucket + "'"
                                + " --results-prefix '" + resultsPrefix + "'"
                                + " --region '" + region + "'"
                                + " --run-id '{{ runId }}'"
                                + " --duration-seconds '{{ durationSeconds }}'"
                                + " --endpoint '{{ endpoint }}'"
                                + " --symbols '{{ symbols }}'"
                                + " --execution-timeout '{{ executionTimeout }}'"
                                + " --margin-seconds '" + FleetPlanner.EXECUTION_MARGIN_SECONDS + "'"
                                + " --collector-grace-seconds '" + FleetPlanner.COLLECTOR_GRACE_SECONDS + "'"))));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String description() {
        return "kubetrader SSM Document " + VERSION + ": stream Binance trades for durationSeconds, "
                + "write metadata.json (instance, AZ ID, chrony), always upload the run's files to S3.";
    }

    private static Map<String, Object> parameter(String description, String defaultValue, String pattern) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "String");
        p.put("description", description);
        if (defaultValue != null) {
            p.put("default", defaultValue);
        }
        p.put("allowedPattern", pattern);
        return p;
    }

    private static Map<String, Object> step(String name, String timeout, boolean exitOnFailure, List<String> lines) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("action", "aws:runShellScript");
        step.put("name", name);
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("timeoutSeconds", timeout);
        if (exitOnFailure) {
            // Command documents (2.2) take onFailure among a step's inputs: stop the document here.
            inputs.put("onFailure", "exit");
        }
        inputs.put("runCommand", lines);
        step.put("inputs", inputs);
        return step;
    }
}
