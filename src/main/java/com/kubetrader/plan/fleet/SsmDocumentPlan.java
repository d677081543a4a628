package com.kubetrader.plan.fleet;

import java.util.Map;

/** The SSM Command document the fleet runs: its name, description and JSON content. */
public record SsmDocumentPlan(String resourceName, String documentName, String description,
                              String content, Map<String, String> tags) {
    public static final String TYPE = "Command";
    public static final String FORMAT = "JSON";
    public static final String TARGET_TYPE = "/AWS::EC2::Instance";

    public SsmDocumentPlan {
        tags = Map.copyOf(tags);
    }
}
