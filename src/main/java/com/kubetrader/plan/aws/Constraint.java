package com.kubetrader.plan.aws;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * One rule AWS states about a value, as the catalog records it. Each says what is wrong with a value, or nothing;
 * the catalog entry that holds it names the source. Closed: the catalog's {@code kind} field picks one.
 */
public sealed interface Constraint {

    /** What is wrong with {@code value}, in words, or empty when it complies (or the rule does not apply to it). */
    Optional<String> problem(Object value);

    /** The rule in words, for messages and the README. */
    String describe();

    /** How a length is counted. */
    enum Measure {
        /** Unicode characters (code points): what "characters" means in AWS's documentation. */
        CHARACTERS("characters"),
        /** UTF-8 bytes. */
        BYTES("bytes"),
        /** Characters that are not white space: how IAM counts a policy's size. */
        NON_WHITESPACE("characters not counting white space"),
        /** The bytes a base64 value decodes to: user data is limited before it is encoded. */
        DECODED_BYTES("bytes before base64 encoding");

        private final String words;

        Measure(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }

        long of(String value) {
            return switch (this) {
                case CHARACTERS -> value.codePointCount(0, value.length());
                case BYTES -> value.getBytes(StandardCharsets.UTF_8).length;
                case NON_WHITESPACE -> value.codePoints().filter(c -> !Character.isWhitespace(c)).count();
                case DECODED_BYTES -> {
                    try {
                        yield Base64.getDecoder().decode(value).length;
                    } catch (IllegalArgumentException e) {
                        yield value.getBytes(StandardCharsets.UTF_8).length; // not base64: count what is there
                    }
                }
            };
        }
    }

    /** A length limit on a string. */
    record Length(Long min, Long max, Measure measure) implements Constraint {
        @Override
        public Optional<String> problem(Object value) {
            if (!(value instanceof String s)) {
                return Optional.empty();
            }
            long n = measure.of(s);
            if (max != null && n > max) {
                return Optional.of(n + " " + measure.words() + ", more than the " + max + " allowed");
            }
            if (min != null && n < min) {
                return Optional.of(n + " " + measure.words() + ", fewer than the " + min + " required");
            }
            return Optional.empty();
        }

        @Override
        public String describe() {
            String unit = " " + measure.words();
            if (min != null && max != null) {
                return min + " to " + max + unit;
            }
            return max != null ? "at most " + max + unit : "at least " + min + unit;
        }
    }

    /** A regular expression the whole value must match (or, with {@code negate}, must not match). */
    record Pattern(String regex, java.util.regex.Pattern compiled, boolean negate, String words) implements Constraint {
        public static Pattern of(String regex, boolean negate, String words) {
            return new Pattern(regex, java.util.regex.Pattern.compile(regex), negate, words);
        }

        @Override
        public Optional<String> problem(Object value) {
            if (!(value instanceof String s)) {
                return Optional.empty();
            }
            boolean matches = compiled.matcher(s).matches();
            if (matches == negate) {
                return Optional.of(negate ? "is what AWS forbids here" : "does not have the form AWS requires");
            }
            return Optional.empty();
        }

        @Override
        public String describe() {
            if (words != null && !words.isBlank()) {
                return words;
            }
            return (negate ? "must not match " : "must match ") + regex;
        }
    }

    /** The characters a value may hold, as the documentation lists them. */
    record Charset(String allowed, java.util.regex.Pattern compiled) implements Constraint {
        public static Charset of(String allowed, String javaRegex) {
            return new Charset(allowed, java.util.regex.Pattern.compile(javaRegex));
        }

        @Override
        public Optional<String> problem(Object value) {
            if (!(value instanceof String s)) {
                return Optional.empty();
            }
            List<String> bad = s.codePoints().filter(c -> !compiled.matcher(new String(Character.toChars(c))).matches())
                    .distinct().mapToObj(Charset::show).toList();
            return bad.isEmpty() ? Optional.empty()
                    : Optional.of(String.join(", ", bad) + (bad.size() == 1 ? " is" : " are") + " not allowed");
        }

        static String show(int codePoint) {
            if (codePoint == '\'') {
                return "the apostrophe (')";
            }
            if (Character.isISOControl(codePoint) || Character.isWhitespace(codePoint)) {
                return String.format("U+%04X", codePoint);
            }
            return "'" + new String(Character.toChars(codePoint)) + "' (U+" + String.format("%04X", codePoint) + ")";
        }

        @Override
        public String describe() {
            return "only " + allowed;
        }
    }

    /** One of a closed list of strings. */
    record Enum(List<String> values) implements Constraint {
        public Enum {
            values = List.copyOf(values);
        }

        @Override
        public Optional<String> problem(Object value) {
            if (!(value instanceof String s) || values.contains(s)) {
                return Optional.empty();
            }
            return Optional.of("not one of the values the API accepts"
                    + com.kubetrader.plan.settings.Suggest.nearest(s, values).map(v -> "; did you mean " + v + "?")
                    .orElse(values.size() <= 12 ? " (" + String.join(", ", values) + ")" : ""));
        }

        @Override
        public String describe() {
            return values.size() <= 12 ? "one of " + String.join(", ", values)
                    : "one of the " + values.size() + " values the model lists";
        }
    }

    /** An integer range. */
    record Range(Long min, Long max) implements Constraint {
        @Override
        public Optional<String> problem(Object value) {
            if (!(value instanceof Number n)) {
                return Optional.empty();
            }
            long v = n.longValue();
            if ((min != null && v < min) || (max != null && v > max)) {
                return Optional.of("outside " + describe());
            }
            return Optional.empty();
        }

        @Override
        public String describe() {
            return min == null ? "at most " + max : max == null ? "at least " + min : "from " + min + " to " + max;
        }
    }

    /** One of a closed list of numbers. */
    record OneOf(List<Long> values) implements Constraint {
        public OneOf {
            values = List.copyOf(values);
        }

        @Override
        public Optional<String> problem(Object value) {
            if (!(value instanceof Number n) || values.contains(n.longValue())) {
                return Optional.empty();
            }
            return Optional.of("not one of " + values);
        }

        @Override
        public String describe() {
            return "one of " + values;
        }
    }

    /** A prefix AWS keeps for itself. */
    record ReservedPrefix(String prefix) implements Constraint {
        @Override
        public Optional<String> problem(Object value) {
            return value instanceof String s && s.toLowerCase(java.util.Locale.ROOT).startsWith(prefix.toLowerCase(
                    java.util.Locale.ROOT)) ? Optional.of("starts with " + prefix + ", which AWS reserves")
                    : Optional.empty();
        }

        @Override
        public String describe() {
            return "must not start with " + prefix;
        }
    }

    /** A suffix AWS keeps for itself. */
    record ReservedSuffix(String suffix) implements Constraint {
        @Override
        public Optional<String> problem(Object value) {
            return value instanceof String s && s.endsWith(suffix)
                    ? Optional.of("ends with " + suffix + ", which AWS reserves") : Optional.empty();
        }

        @Override
        public String describe() {
            return "must not end with " + suffix;
        }
    }

    /** A limit the documentation does not state: recorded so the catalog says what it could not check. */
    record Unstated(String status) implements Constraint {
        @Override
        public Optional<String> problem(Object value) {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return status;
        }
    }

    /** At most this many entries (tags on one resource, say). */
    record Count(long max) implements Constraint {
        @Override
        public Optional<String> problem(Object value) {
            int n = value instanceof java.util.Collection<?> c ? c.size() : value instanceof java.util.Map<?, ?> m
                    ? m.size() : -1;
            return n > max ? Optional.of(n + " entries, more than the " + max + " allowed") : Optional.empty();
        }

        @Override
        public String describe() {
            return "at most " + max + " entries";
        }
    }
}
