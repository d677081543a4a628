package com.kubetrader.plan.fleet;

import java.nio.file.Path;

/** A file from this repository (or the build) uploaded to the results bucket for the instances. */
public record ScriptUpload(String resourceName, String key, Path source) {

    public String contentType() {
        return key.endsWith(".jar") ? "application/java-archive" : "text/x-shellscript";
    }
}
