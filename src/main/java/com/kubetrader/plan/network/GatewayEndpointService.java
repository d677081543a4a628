package com.kubetrader.plan.network;

import java.util.Arrays;
import java.util.List;

/** The two services AWS offers gateway endpoints for: free, routed through route tables. */
public enum GatewayEndpointService {
    S3("s3"),
    DYNAMODB("dynamodb");

    private final String shortName;

    GatewayEndpointService(String shortName) {
        this.shortName = shortName;
    }

    public String shortName() {
        return shortName;
    }

    public String serviceName(String region) {
        return "com.amazonaws." + region + "." + shortName;
    }

    public static boolean isGatewayService(String shortName) {
        return names().contains(shortName);
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(GatewayEndpointService::shortName).toList();
    }
}
