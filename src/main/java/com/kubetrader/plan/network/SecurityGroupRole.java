package com.kubetrader.plan.network;

/** The security groups the network declares. */
public enum SecurityGroupRole {
    WORKLOAD("workload", "EKS nodes and pods: no inbound, all outbound"),
    DATABASE("database", "Aurora: PostgreSQL from the workload group only"),
    ALB("alb", "Internet-facing ALB: HTTPS, HTTP for the redirect, outbound to the workload group only"),
    ENDPOINTS("endpoints", "Interface endpoints: HTTPS from inside the VPC");

    private final String slug;
    private final String description;

    SecurityGroupRole(String slug, String description) {
        this.slug = slug;
        this.description = description;
    }

    public String slug() {
        return slug;
    }

    public String description() {
        return description;
    }
}
