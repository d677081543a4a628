package com.kubetrader.plan.network;

/** VPC flow logs to CloudWatch Logs, all traffic, with a bounded retention. */
public record FlowLogPlan(String name, String logGroupName, int retentionDays, boolean protect) {
}
