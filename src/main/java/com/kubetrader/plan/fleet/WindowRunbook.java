package com.kubetrader.plan.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.kubetrader.plan.IamStatement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recurring benchmark window: an EventBridge Scheduler schedule starts an SSM Automation runbook that starts the
 * fleet's stopped instances, waits for their SSM agents, runs the Command document on all of them with one run
 * ID, and always stops them again. Pure: names, the runbook's JSON, and the two roles' policies.
 *
 * <p>Why Scheduler: its universal target {@code aws-sdk:ssm:startAutomationExecution} passes
 * {@code <aws.scheduler.scheduled-time>} into a runbook parameter, so each window gets its own run ID. A State
 * Manager association cannot pass a per-run value.
 *
 * @param documentName   the runbook (an Automation document)
 * @param commandDocumentName the fleet's Command document the window runs
 * @param expression     the schedule, rate(...) or cron(...)
 * @param timezone       the zone cron fields are read in
 * @param executionTimeoutSeconds the Command document's collect-step timeout (duration + margin)
 */
public record WindowRunbook(String documentResource, String documentName, String automationRoleResource,
                            String automationPolicyResource, String schedulerRoleResource,
                            String schedulerPolicyResource, String scheduleResource, String commandDocumentName,
                            String expression, String timezone, int executionTimeoutSeconds, int windowsPerMonth,
                            long windowSeconds) {

    /** Starting the instances and waiting for their SSM agents, at most. */
    public static final int START_SECONDS = 600;
    /** Stopping them. */
    public static final int STOP_SECONDS = 300;
    public static final String STOP_STEP = "stopInstances";
    /** Scheduler's universal target for SSM StartAutomationExecution. */
    public static final String SCHEDULER_TARGET = "arn:aws:scheduler:::aws-sdk:ssm:startAutomationExecution";
    /** What Scheduler substitutes with the firing's time (ISO 8601, e.g. 2026-11-22T06:00:00Z). */
    public static final String SCHEDULED_TIME = "<aws.scheduler.scheduled-time>";
    static final String SCHEDULED_TIME_PATTERN =
            "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$";

    /** Keys sorted: Map.of iterates in a per-JVM order, and the runbook must read the same on every preview. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public String automationRoleDescription() {
        return "kubetrader benchmark window: start, run and stop the fleet's instances only";
    }

    public String schedulerRoleDescription() {
        return "kubetrader benchmark schedule: start the window runbook only";
    }

    public String scheduleDescription() {
        return "kubetrader benchmark window every " + expression + " (" + timezone + ")";
    }

    /** The state the instances are left in between windows (set once, at creation). */
    public static final String STOPPED = "stopped";

    /** A window from first start to last stop: start, the run, its setup and upload margin, stop. */
    public static long windowSeconds(int durationSeconds) {
        return START_SECONDS + (long) durationSeconds + FleetPlanner.EXECUTION_MARGIN_SECONDS + STOP_SECONDS;
    }

    /** The plan for a fleet {@code name} whose Command document is {@code commandDocumentName}. */
    public static WindowRunbook of(String name, String commandDocumentName, ScheduleExpression expression,
                                   java.time.ZoneId zone, int durationSeconds) {
        return new WindowRunbook(name + "-window", commandDocumentName.replace("-stream-trades-", "-window-"),
                name + "-window-role", name + "-window-policy", name + "-scheduler-role",
                name + "-scheduler-policy", name + "-window-schedule", commandDocumentName, expression.text(),
                zone.getId(), durationSeconds + FleetPlanner.EXECUTION_MARGIN_SECONDS,
                expression.windowsPerMonth(zone), windowSeconds(durationSeconds));
    }

    /**
     * The runbook (schemaVersion 0.3). Every step before the stop step goes to it on failure and on cancel, and is
     * critical, so the execution still ends Failed while the instances are stopped.
     */
    public String content() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schemaVersion", "0.3");
        doc.put("description", "kubetrader benchmark window: start the fleet, run " + commandDocumentName
                + " on every instance with one run ID, always stop the fleet again.");
        doc.put("assumeRole", "{{ AutomationAssumeRole }}");
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("ScheduledTime", Map.of("type", "String", "allowedPattern", SCHEDULED_TIME_PATTERN,
                "description", "The firing's time as Scheduler passes it; the run ID is made from it."));
        parameters.put("InstanceIds", Map.of("type", "StringList", "description", "The fleet's instances."));
        parameters.put("AutomationAssumeRole", Map.of("type", "String", "description", "This runbook's role."));
        doc.put("parameters", parameters);
        Map<String, Object> deriveRunId = failingToStop(pythonStep("deriveRunId",
                Map.of("ScheduledTime", "{{ ScheduledTime }}"),
                        "from datetime import datetime, timezone",
                        "def handler(events, context):",
                        "    # 2026-11-22T06:00:00Z -> 20261122T060000Z: the Command document's runId pattern,",
                        "    # the same form as a run sent by hand, and it sorts by time in S3",
                        "    t = datetime.fromisoformat(events['ScheduledTime'].replace('Z', '+00:00'))",
                        "    return {'RunId': t.astimezone(timezone.utc).strftime('%Y%m%dT%H%M%SZ')}"));
        deriveRunId.put("outputs", List.of(Map.of("Name", "RunId", "Selector", "$.Payload.RunId", "Type", "String")));
        Map<String, Object> start = failingToStop(step("startInstances", "aws:changeInstanceState", Map.of(
                "InstanceIds", "{{ InstanceIds }}", "DesiredState", "running")));
        Map<String, Object> waitForAgents = failingToStop(pythonStep("waitForSsmAgents",
                Map.of("InstanceIds", "{{ InstanceIds }}"),
                        "import time, boto3",
                        "def handler(events, context):",
                        "    ssm = boto3.client('ssm')",
                        "    wanted = set(events['InstanceIds'])",
                        "    online = set()",
                        "    deadline = time.time() + " + (START_SECONDS - 60),
                        "    while time.time() < deadline:",
                        "        info = ssm.describe_instance_information(",
                        "            Filters=[{'Key': 'InstanceIds', 'Values': sorted(wanted)}])",
                        "        online = {i['InstanceId'] for i in info['InstanceInformationList']",
                        "                  if i['PingStatus'] == 'Online'}",
                        "        if online >= wanted:",
                        "            return {'online': len(online)}",
                        "        time.sleep(10)",
                        "    raise Exception('SSM agents not online: ' + ', '.join(sorted(wanted - online)))"));
        Map<String, Object> run = failingToStop(step("runBenchmark", "aws:runCommand", Map.of(
                "DocumentName", commandDocumentName,
                "InstanceIds", "{{ InstanceIds }}",
                "Parameters", Map.of("runId", List.of("{{ deriveRunId.RunId }}")),
                "TimeoutSeconds", executionTimeoutSeconds + STOP_SECONDS)));
        doc.put("mainSteps", List.of(deriveRunId, start, waitForAgents, run, stopStep()));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An aws:executeScript step: a Python 3.11 {@code handler} given {@code payload}. */
    private static Map<String, Object> pythonStep(String name, Map<String, Object> payload, String... lines) {
        return step(name, "aws:executeScript", Map.of("Runtime", "python3.11", "Handler", "handler",
                "InputPayload", payload, "Script", String.join("\n", lines)));
    }

    private static Map<String, Object> step(String name, String action, Map<String, Object> inputs) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("name", name);
        step.put("action", action);
        step.put("inputs", inputs);
        return step;
    }

    /** Failure and cancellation both lead to the stop step; critical, so the execution still ends Failed. */
    private static Map<String, Object> failingToStop(Map<String, Object> step) {
        step.put("onFailure", "step:" + STOP_STEP);
        step.put("onCancel", "step:" + STOP_STEP);
        step.put("isCritical", true);
        return step;
    }

    private static Map<String, Object> stopStep() {
        Map<String, Object> step = step(STOP_STEP, "aws:changeInstanceState", Map.of(
                "InstanceIds", "{{ InstanceIds }}", "DesiredState", "stopped"));
        step.put("isCritical", true);
        step.put("isEnd", true);
        return step;
    }

    /** What Scheduler sends to StartAutomationExecution at each firing. */
    public String scheduleInput(List<String> instanceIds, String automationRoleArn) {
        try {
            return JSON.writeValueAsString(Map.of("DocumentName", documentName, "Parameters", Map.of(
                    "ScheduledTime", List.of(SCHEDULED_TIME),
                    "InstanceIds", instanceIds,
                    "AutomationAssumeRole", List.of(automationRoleArn))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The runbook's role: start and stop only these instances, send only the fleet's document, plus reads. */
    public List<IamStatement> automationStatements(String region, String accountId, List<String> instanceIds) {
        List<String> instances = instanceIds.stream()
                .map(id -> "arn:aws:ec2:" + region + ":" + accountId + ":instance/" + id).toList();
        List<String> sendTo = new java.util.ArrayList<>(instances);
        sendTo.add(0, "arn:aws:ssm:" + region + ":" + accountId + ":document/" + commandDocumentName);
        return List.of(
                IamStatement.allow("StartAndStopTheFleetOnly", List.of("ec2:StartInstances", "ec2:StopInstances"),
                        instances),
                IamStatement.allow("SendTheFleetDocumentToTheFleetOnly", List.of("ssm:SendCommand"), sendTo),
                // these calls take no resource-level permission: "*" is the only resource they accept
                IamStatement.allow("ReadInstanceAndCommandState", List.of("ec2:DescribeInstances",
                        "ec2:DescribeInstanceStatus", "ssm:DescribeInstanceInformation", "ssm:ListCommands",
                        "ssm:ListCommandInvocations", "ssm:GetCommandInvocation"), List.of("*")));
    }

    /** The schedule's role: start only this runbook, and pass only its role, to SSM only. */
    public List<IamStatement> schedulerStatements(String region, String accountId, String automationRoleArn) {
        return List.of(
                IamStatement.allow("StartThisRunbookOnly", List.of("ssm:StartAutomationExecution"), List.of(
                        "arn:aws:ssm:" + region + ":" + accountId + ":automation-definition/" + documentName + ":*")),
                new IamStatement("PassOnlyTheRunbookRole", "Allow", List.of("iam:PassRole"), List.of(automationRoleArn),
                        Map.of("StringEquals", Map.of("iam:PassedToService", List.of("ssm.amazonaws.com")))));
    }

}
