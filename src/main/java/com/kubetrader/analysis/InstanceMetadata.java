package com.kubetrader.analysis;

import com.kubetrader.output.OutputException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one benchmark instance wrote about itself in {@code <runDir>/<instanceId>/metadata.json}.
 *
 * <p>Only what the analysis uses is required: the instance ID, the AZ ID, and a clock error bound, given as
 * {@code clockErrorBoundUs} or computed from the chrony fields it is made of. Everything else (the AZ name, the
 * AMI, the kernel, the run's times...) is optional, so a run written by another tool or an older version of ours
 * still analyses; the scalar keys that are present are carried in {@link #reported()} for the report.
 *
 * @param availabilityZone the AZ name, or null when the file does not say
 * @param clockBoundSource "metadata" when clockErrorBoundUs was given, "chrony" when computed here, "clock.csv"
 *                         when the largest bound sampled through the run replaced both
 * @param reported         every other top-level key with a scalar value, and chrony.referenceId, as text
 */
public record InstanceMetadata(
        String instanceId,
        String availabilityZoneId,
        String availabilityZone,
        double clockErrorBoundUs,
        String clockBoundSource,
        Map<String, String> reported) {

    public InstanceMetadata {
        reported = Map.copyOf(reported);
    }

    public static final List<String> REQUIRED_KEYS = List.of("instanceId", "availabilityZoneId");

    /** The chrony fields that make up the bound, as chrony's tracking documentation defines it. */
    public static final List<String> BOUND_CHRONY_KEYS =
            List.of("systemTimeOffsetSeconds", "rootDispersionSeconds", "rootDelaySeconds");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The same instance with the bound measured through the run (clock.csv's largest) in place of the file's. */
    public InstanceMetadata withClockBound(double boundUs, String source) {
        return new InstanceMetadata(instanceId, availabilityZoneId, availabilityZone, boundUs, source, reported);
    }

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
            throw AnalysisException.inFile(file, "cannot be read ("
                    + OutputException.reason(e) + "); check its permissions");
        }
        if (root == null || !root.isObject()) {
            throw AnalysisException.inFile(file, "expected a JSON object");
        }
        for (String key : REQUIRED_KEYS) {
            if (!root.hasNonNull(key)) {
                throw AnalysisException.inFile(file, "missing key \"" + key + "\" (the analysis needs instanceId, "
                        + "availabilityZoneId and a clock bound)");
            }
        }
        double bound;
        String source;
        if (root.hasNonNull("clockErrorBoundUs")) {
            bound = number(file, root, "", "clockErrorBoundUs");
            source = "metadata";
        } else {
            bound = boundFromChrony(file, root.get("chrony"));
            source = "chrony";
        }
        if (!(bound >= 0) || Double.isInfinite(bound)) {
            throw AnalysisException.inFile(file, "clock bound must be a finite number >= 0, got " + bound);
        }
        String azName = root.hasNonNull("availabilityZone") ? text(file, root, "", "availabilityZone") : null;
        return new InstanceMetadata(text(file, root, "", "instanceId"), text(file, root, "", "availabilityZoneId"),
                azName, bound, source, reported(root));
    }

    /** |System time| + root dispersion + root delay / 2, in µs (chrony's `tracking` documentation). */
    private static double boundFromChrony(Path file, JsonNode chrony) {
        if (chrony == null || !chrony.isObject()) {
            throw AnalysisException.inFile(file, "no clock bound: neither \"clockErrorBoundUs\" nor a \"chrony\" "
                    + "object with " + String.join(", ", BOUND_CHRONY_KEYS) + " to compute it from");
        }
        for (String key : BOUND_CHRONY_KEYS) {
            if (!chrony.hasNonNull(key)) {
                throw AnalysisException.inFile(file, "no clock bound: \"clockErrorBoundUs\" is absent and so is "
                        + "\"chrony." + key + "\", which computing it needs");
            }
        }
        double offset = number(file, chrony, "chrony.", "systemTimeOffsetSeconds");
        double dispersion = number(file, chrony, "chrony.", "rootDispersionSeconds");
        double delay = number(file, chrony, "chrony.", "rootDelaySeconds");
        return (Math.abs(offset) + dispersion + delay / 2) * 1e6;
    }

    private static Map<String, String> reported(JsonNode root) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isValueNode() && !e.getValue().isNull() && !REQUIRED_KEYS.contains(e.getKey())) {
                out.put(e.getKey(), e.getValue().asText());
            }
        }
        JsonNode chrony = root.get("chrony");
        if (chrony != null && chrony.hasNonNull("referenceId")) {
            out.put("chrony.referenceId", chrony.get("referenceId").asText());
        }
        return out;
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
}
