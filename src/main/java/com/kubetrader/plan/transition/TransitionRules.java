package com.kubetrader.plan.transition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The rules a change to a live stack runs into, as data (src/main/resources/transitions/rules.json): AWS's, the Pulumi
 * engine's, the provider's and this program's, each with its sources. The transition guard and the plan diff's
 * simulation cite them by ID; the durations the simulation estimates gaps from are in times.json beside them.
 */
public record TransitionRules(Map<String, Rule> rules, Map<String, Time> times) {

    public TransitionRules {
        rules = Map.copyOf(rules);
        times = Map.copyOf(times);
    }

    /** One rule. {@code refuses}: breaking it stops the change (AWS returns an error, or the engine stops the preview). */
    public record Rule(String id, String kind, boolean refuses, String statement, Optional<String> awsError,
                       List<String> sources) {
        public Rule {
            sources = List.copyOf(sources);
        }

        /** The rule and where it comes from, for a message. */
        public String cited() {
            return statement + " [" + String.join("; ", sources) + "]";
        }
    }

    /** A duration the simulation uses, always printed as an estimate with its source. */
    public record Time(String id, int seconds, String estimate, String source) {
    }

    public Rule rule(String id) {
        Rule r = rules.get(id);
        if (r == null) {
            throw new NoSuchElementException("no transition rule " + id + " in transitions/rules.json");
        }
        return r;
    }

    public Time time(String id) {
        Time t = times.get(id);
        if (t == null) {
            throw new NoSuchElementException("no duration " + id + " in transitions/times.json");
        }
        return t;
    }

    private static TransitionRules bundled;

    public static synchronized TransitionRules bundled() {
        if (bundled == null) {
            ObjectMapper json = new ObjectMapper();
            try (InputStream r = TransitionRules.class.getResourceAsStream("/transitions/rules.json");
                 InputStream t = TransitionRules.class.getResourceAsStream("/transitions/times.json")) {
                bundled = parse(json.readTree(r), json.readTree(t));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bundled;
    }

    static TransitionRules parse(JsonNode rulesRoot, JsonNode timesRoot) {
        Map<String, Rule> rules = new LinkedHashMap<>();
        for (JsonNode r : rulesRoot.path("rules")) {
            List<String> sources = new ArrayList<>();
            r.path("sources").forEach(s -> sources.add(s.asText()));
            rules.put(r.path("id").asText(), new Rule(r.path("id").asText(), r.path("kind").asText(),
                    r.path("refuses").asBoolean(), r.path("statement").asText(),
                    r.hasNonNull("awsError") ? Optional.of(r.get("awsError").asText()) : Optional.empty(), sources));
        }
        Map<String, Time> times = new LinkedHashMap<>();
        for (JsonNode t : timesRoot.path("times")) {
            times.put(t.path("id").asText(), new Time(t.path("id").asText(), t.path("seconds").asInt(),
                    t.path("estimate").asText(), t.path("source").asText()));
        }
        return new TransitionRules(rules, times);
    }
}
