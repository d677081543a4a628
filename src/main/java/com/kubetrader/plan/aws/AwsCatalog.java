package com.kubetrader.plan.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AWS's constraints on every input the program sets, generated from AWS's own API models (botocore's
 * service-2.json) by tools/aws-catalog/generate.py, plus the limits AWS states only in prose. Each rule names its
 * source. Loaded once from src/main/resources/aws/catalog.json.
 */
public record AwsCatalog(String botocore, String provider, Map<String, TypeInfo> types, List<Entry> entries,
                         List<Rule> prose, List<NotChecked> notChecked) {

    public static final String RESOURCE = "/aws/catalog.json";

    public AwsCatalog {
        types = Map.copyOf(types);
        entries = List.copyOf(entries);
        prose = List.copyOf(prose);
        notChecked = List.copyOf(notChecked);
    }

    /** A Pulumi type and one of its input paths ({@code description}, {@code tags{}value}, {@code subnetIds[]}). */
    public record Key(String type, String input) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = type.compareTo(o.type);
            return c != 0 ? c : input.compareTo(o.input);
        }

        @Override
        public String toString() {
            return type + " " + input;
        }
    }

    /** Where the provider sends an input, and the rules on it there. */
    public record Entry(Key key, String operation, String member, String source, String providerSource,
                        List<Rule> rules, List<String> untranslated, Optional<String> uncertain) {
        public Entry {
            rules = List.copyOf(rules);
            untranslated = List.copyOf(untranslated);
        }
    }

    /**
     * One constraint on one input. {@code sumBy}: the constraint applies to the sum of every value of this input
     * among resources whose {@code sumBy} input is the same (all inline policies of one role).
     */
    public record Rule(Key key, Constraint constraint, String origin, String source, Optional<String> text,
                       Optional<String> sumBy, Optional<String> id, Optional<String> when) {
    }

    /**
     * What the provider does for a type on its own: whether it adds the provider's default tags (the type has
     * {@code tags_all}), and the physical name Pulumi generates when the program leaves the name unset.
     */
    public record TypeInfo(String type, boolean defaultTags, Optional<AutoName> autoName, String source) {
    }

    /** Pulumi's generated name: the resource name, a dash, {@code randomSuffix} random characters. */
    public record AutoName(String input, int randomSuffix, boolean lowerCase) {
    }

    /** An input the program sets that the catalog does not check, and why. */
    public record NotChecked(Key key, String reason) {
    }

    public boolean takesDefaultTags(String type) {
        return Optional.ofNullable(types.get(type)).map(TypeInfo::defaultTags).orElse(false);
    }

    public Optional<AutoName> autoName(String type) {
        return Optional.ofNullable(types.get(type)).flatMap(TypeInfo::autoName);
    }

    /** Where the provider sends this input: usually one API member, sometimes one of two (a rule's description). */
    public List<Entry> entries(String type, String input) {
        Key key = new Key(type, input);
        return entries.stream().filter(e -> e.key().equals(key)).toList();
    }

    /** Every rule on this input: the model's and the documentation's, then the prose rules. */
    public List<Rule> rules(String type, String input) {
        Key key = new Key(type, input);
        List<Rule> out = new ArrayList<>();
        entries(type, input).forEach(e -> out.addAll(e.rules()));
        prose.stream().filter(r -> r.key().equals(key)).forEach(out::add);
        return out;
    }

    public boolean covers(String type, String input) {
        Key key = new Key(type, input);
        return entries.stream().anyMatch(e -> e.key().equals(key)) || prose.stream().anyMatch(r -> r.key().equals(key))
                || notChecked.stream().anyMatch(n -> n.key().equals(key));
    }

    private static AwsCatalog bundled;

    /** The catalog shipped with the program. */
    public static synchronized AwsCatalog bundled() {
        if (bundled == null) {
            try (InputStream in = AwsCatalog.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the AWS constraint catalog " + RESOURCE + " is missing from the "
                            + "build; regenerate it with python3 tools/aws-catalog/generate.py");
                }
                bundled = parse(new ObjectMapper().readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bundled;
    }

    static AwsCatalog parse(JsonNode root) {
        String botocore = root.path("botocore").asText();
        Map<String, TypeInfo> types = new LinkedHashMap<>();
        root.path("types").fields().forEachRemaining(t -> {
            JsonNode auto = t.getValue().path("autoName");
            types.put(t.getKey(), new TypeInfo(t.getKey(), t.getValue().path("defaultTags").asBoolean(false),
                    auto.isObject() ? Optional.of(new AutoName(auto.path("input").asText("name"),
                            auto.path("randomSuffix").asInt(7), auto.path("lowerCase").asBoolean(false)))
                            : Optional.empty(), t.getValue().path("source").asText()));
        });
        List<Entry> entries = new ArrayList<>();
        for (JsonNode e : root.path("inputs")) {
            Key key = new Key(e.path("type").asText(), e.path("input").asText());
            String source = e.path("source").asText();
            List<Rule> rules = new ArrayList<>();
            for (JsonNode c : e.path("constraints")) {
                String origin = c.path("origin").asText();
                rules.add(new Rule(key, constraint(c, e.path("valueEncoding").asText("")), origin,
                        source + " (" + (origin.equals("model") ? "the model" : "its documentation") + ")",
                        text(c), Optional.empty(), Optional.empty(),
                        e.hasNonNull("when") ? Optional.of(e.get("when").asText()) : Optional.empty()));
            }
            List<String> untranslated = new ArrayList<>();
            e.path("untranslated").forEach(u -> untranslated.add(u.asText()));
            entries.add(new Entry(key, e.path("api").path("operation").asText(),
                    e.path("api").path("member").asText(), source, e.path("providerSource").asText(), rules,
                    untranslated, e.hasNonNull("uncertain") ? Optional.of(e.get("uncertain").asText()) : Optional.empty()));
        }
        List<Rule> prose = new ArrayList<>();
        for (JsonNode p : root.path("prose")) {
            String source = p.path("source").asText();
            for (JsonNode target : p.path("applies")) {
                Key key = new Key(target.path("type").asText(), target.path("input").asText());
                if (p.path("constraints").isEmpty()) {
                    prose.add(new Rule(key, new Constraint.Unstated(p.path("status").asText("not documented")), "prose",
                            source, Optional.empty(), Optional.empty(), Optional.of(p.path("id").asText()), Optional.empty()));
                }
                for (JsonNode c : p.path("constraints")) {
                    prose.add(new Rule(key, constraint(c, ""), "prose", source, text(c),
                            p.hasNonNull("sumBy") ? Optional.of(p.get("sumBy").asText()) : Optional.empty(),
                            Optional.of(p.path("id").asText()), Optional.empty()));
                }
            }
        }
        List<NotChecked> notChecked = new ArrayList<>();
        for (JsonNode n : root.path("notChecked")) {
            notChecked.add(new NotChecked(new Key(n.path("type").asText(), n.path("input").asText()),
                    n.path("reason").asText()));
        }
        return new AwsCatalog(botocore, root.path("provider").asText(), types, entries, prose, notChecked);
    }

    private static Optional<String> text(JsonNode c) {
        return c.hasNonNull("text") ? Optional.of(c.get("text").asText()) : Optional.empty();
    }

    static Constraint constraint(JsonNode c, String valueEncoding) {
        String kind = c.path("kind").asText();
        return switch (kind) {
            case "length" -> new Constraint.Length(optLong(c, "min"), optLong(c, "max"), measure(c, Constraint.Measure.CHARACTERS));
            case "bytes" -> new Constraint.Length(optLong(c, "min"), optLong(c, "max"), "base64".equals(valueEncoding)
                    ? Constraint.Measure.DECODED_BYTES : measure(c, Constraint.Measure.BYTES));
            case "pattern" -> Constraint.Pattern.of(c.path("javaRegex").asText(c.path("regex").asText()),
                    c.path("negate").asBoolean(false), c.path("words").asText(""));
            case "charset" -> Constraint.Charset.of(c.path("allowed").asText(), c.path("javaRegex").asText());
            case "enum" -> new Constraint.Enum(strings(c.path("values")));
            case "range" -> new Constraint.Range(optLong(c, "min"), optLong(c, "max"));
            case "oneOf" -> new Constraint.OneOf(strings(c.path("values")).stream().map(Long::parseLong).toList());
            case "reservedPrefix" -> new Constraint.ReservedPrefix(c.path("prefix").asText());
            case "reservedSuffix" -> new Constraint.ReservedSuffix(c.path("suffix").asText());
            case "count" -> new Constraint.Count(c.path("max").asLong());
            default -> throw new IllegalStateException("the AWS catalog has a constraint of unknown kind '" + kind
                    + "'; regenerate it with this version's tools/aws-catalog/generate.py");
        };
    }

    private static Constraint.Measure measure(JsonNode c, Constraint.Measure otherwise) {
        return c.hasNonNull("measure") ? Constraint.Measure.valueOf(c.get("measure").asText()) : otherwise;
    }

    private static Long optLong(JsonNode c, String field) {
        return c.hasNonNull(field) ? c.get(field).asLong() : null;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
