package com.kubetrader.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * What one benchmark instance wrote about itself in {@code <runDir>/<instanceId>/metadata.json}.
 * Only the fields the analysis uses are kept; every documented key must nevertheless be present.
 */
public record InstanceMetadata(
        String instanceId,
        String instanceType,
        String region,
        String availabilityZone,
        String availabilityZoneId,
        String startedAt,
        String endedAt,
        String endpoint,
        long symbolCount,
        Chrony chrony,
        double clockErrorBoundUs) {

    /** The chrony tracking figures at the end of the run, in seconds. */
    public record Chrony(String referenceId, long stratum, double systemTimeOffsetSeconds, double lastOffsetSeconds,
                         double rmsOffsetSeconds, double rootDelaySeconds, double rootDispersionSeconds) {
    }

    public static final List<String> REQUIRED_KEYS = List.of(
            "instanceId", "instanceType", "region", "availabilityZone", "availabilityZoneId", "amiId", "kernel",
            "startedAt", "endedAt", "endpoint", "symbolCount", "chrony", "clockErrorBoundUs");

    public static final List<String> REQUIRED_CHRONY_KEYS = List.of(
            "referenceId", "stratum", "systemTimeOffsetSeconds", "lastOffsetSeconds", "rmsOffsetSeconds",
            "rootDelaySeconds", "rootDispersionSeconds");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Reads and validates one metadata.json; any problem is an {@link AnalysisException} naming the file. */
    public static InstanceMetadata read(Path file) {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw AnalysisException.inFile(file, "missing (every instance directory needs a metadata.json)");
        } catch (JsonProcessingException e) {
            throw AnalysisException.inFile(file, "not valid JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw AnalysisException.inFile(file, "cannot be read (" + e + ")");
        }
        if (root == null || !root.isObject()) {
            throw AnalysisException.inFile(file, "expected a JSON object");
        }
        for (String key : REQUIRED_KEYS) {
            if (!root.hasNonNull(key)) {
                throw AnalysisException.inFile(file, "missing key \"" + key + "\"");
            }
        }
        JsonNode c = root.get("chrony");
        if (!c.isObject()) {
            throw AnalysisException.inFile(file, "key \"chrony\" must be an object");
        }
        for (String key : REQUIRED_CHRONY_KEYS) {
            if (!c.hasNonNull(key)) {
                throw AnalysisException.inFile(file, "missing key \"chrony." + key + "\"");
            }
        }
        Chrony chrony = new Chrony(
                text(file, c, "chrony.", "referenceId"),
                integer(file, c, "chrony.", "stratum"),
                number(file, c, "chrony.", "systemTimeOffsetSeconds"),
                number(file, c, "chrony.", "lastOffsetSeconds"),
                number(file, c, "chrony.", "rmsOffsetSeconds"),
                number(file, c, "chrony.", "rootDelaySeconds"),
                number(file, c, "chrony.", "rootDispersionSeconds"));
        double bound = number(file, root, "", "clockErrorBoundUs");
        if (!(bound >= 0) || Double.isInfinite(bound)) {
            throw AnalysisException.inFile(file, "\"clockErrorBoundUs\" must be a finite number >= 0, got " + bound);
        }
        return new InstanceMetadata(
                text(file, root, "", "instanceId"),
                text(file, root, "", "instanceType"),
                text(file, root, "", "region"),
                text(file, root, "", "availabilityZone"),
                text(file, root, "", "availabilityZoneId"),
                text(file, root, "", "startedAt"),
                text(file, root, "", "endedAt"),
                text(file, root, "", "endpoint"),
                integer(file, root, "", "symbolCount"),
                chrony,
                bound);
    }

    private static String text(Path file, JsonNode node, String prefix, String key) {
        JsonNode v = node.get(key);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw AnalysisException.inFile(file, "key \"" + prefix + key + "\" must be a non-empty string, got " + v);
        }
        return v.asText();
    }

    private static double number(Path file, JsonNode node, String prefix, String key) {
        JsonNode v = node.get(key);
        if (!v.isNumber()) {
            throw AnalysisException.inFile(file, "key \"" + prefix + key + "\" must be a number, got " + v);
        }
        return v.asDouble();
    }

    private static long integer(Path file, JsonNode node, String prefix, String key) {
        JsonNode v = node.get(key);
        if (!v.isIntegralNumber()) {
            throw AnalysisException.inFile(file, "key \"" + prefix + key + "\" must be an integer, got " + v);
        }
        return v.asLong();
    }
}
