package com.kubetrader.plan.fleet;

import com.kubetrader.plan.Cidr;

import java.util.List;

/**
 * The benchmark fleet: its own VPC with one public subnet and one instance per AZ ID under test,
 * the instance role, the scripts to upload, the SSM Command document, and the command lines a
 * human pastes to run the experiment and fetch its results.
 */
public record FleetPlan(
        String name,
        String region,
        String bucketName,
        String resultsPrefix,
        Cidr vpcCidr,
        String vpcResource,
        String internetGatewayResource,
        String routeTableResource,
        String defaultRouteResource,
        String securityGroupResource,
        List<FleetZone> zones,
        FleetInstanceSpec instance,
        FleetIamPlan iam,
        List<ScriptUpload> scripts,
        SsmDocumentPlan document,
        int durationSeconds,
        String endpoint,
        String symbols,
        String accountId,
        java.util.Optional<WindowRunbook> window) {

    /** The shell variable both command lines share: paste them into one shell. */
    public static final String RUN_ID_VARIABLE = "RUN_ID";

    public FleetPlan {
        zones = List.copyOf(zones);
        scripts = List.copyOf(scripts);
    }

    /** The fleet VPC's default group, adopted only to strip AWS's allow-all rules from it. */
    public String defaultSecurityGroupResource() {
        return name + "-default-sg";
    }

    /**
     * The state the instances are declared in. With recurring windows: stopped, set once at creation and then left
     * to the runbook (a pulumi up during a window never stops a running benchmark). Without: running, ready for a
     * send-command by hand, so unsetting the schedule starts them rather than leaving them stopped (deleting the
     * stopped state makes no API call: the provider leaves an instance as it is).
     */
    public record DeclaredState(String resourceSuffix, String state, boolean setOnceThenIgnored) {
    }

    public DeclaredState declaredState() {
        return window.isPresent() ? new DeclaredState("-state", WindowRunbook.STOPPED, true)
                : new DeclaredState("-running", "running", false);
    }

    /** EC2 takes only a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$* here (the AWS catalog checks it). */
    public String securityGroupDescription() {
        return "Benchmark instances: no inbound at all (access is SSM only), all outbound";
    }

    public String egressRuleResource() {
        return securityGroupResource + "-out-all";
    }

    public String egressRuleDescription() {
        return "Exchange WebSocket, SSM, S3 and the package mirror";
    }

    /** Seconds the collect step may run: the duration plus setup, shutdown and upload. */
    public int executionTimeoutSeconds() {
        return durationSeconds + FleetPlanner.EXECUTION_MARGIN_SECONDS;
    }

    /**
     * A ready-to-paste {@code aws ssm send-command} for the given instances. It makes a fresh,
     * sortable run ID from the UTC clock, so a second run never reuses the first one's prefix.
     */
    public String sendCommandLine(List<String> instanceIds) {
        String parameters = "{"
                + param("runId", "$" + RUN_ID_VARIABLE) + ","
                + param("durationSeconds", Integer.toString(durationSeconds)) + ","
                + param("endpoint", endpoint) + ","
                + param("symbols", symbols) + ","
                + param("executionTimeout", Integer.toString(executionTimeoutSeconds()))
                + "}";
        return RUN_ID_VARIABLE + "=$(date -u +%Y%m%dT%H%M%SZ) && aws ssm send-command"
                + " --region " + region
                + " --document-name " + document.documentName()
                + " --instance-ids " + String.join(" ", instanceIds)
                + " --comment \"kubetrader AZ latency benchmark $" + RUN_ID_VARIABLE + "\""
                + " --parameters \"" + parameters + "\""
                + " --query Command.CommandId --output text"
                + " && echo \"runId: $" + RUN_ID_VARIABLE + "\"";
    }

    /** Fetches one run's results, in the shell that ran {@link #sendCommandLine}. */
    public String syncCommandLine() {
        return "aws s3 sync --region " + region + " s3://" + bucketName + "/" + resultsPrefix + "/$" + RUN_ID_VARIABLE
                + " ./runs/$" + RUN_ID_VARIABLE;
    }

    private static String param(String key, String value) {
        return "\\\"" + key + "\\\":[\\\"" + value + "\\\"]";
    }
}
