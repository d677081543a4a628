package com.kubetrader.collector;

/**
 * A forward-only reader over the small JSON documents Binance sends. Hand-written because the
 * collector jar must stay JDK-only, and because the hot path only needs a handful of fields:
 * everything else is skipped without building objects.
 */
final class JsonCursor {

    /** Thrown for any syntax the cursor does not accept; callers turn it into a "malformed" count. */
    static final class JsonException extends Exception {
        JsonException(String message) {
            super(message, null, false, false); // no stack trace: malformed frames can be frequent
        }
    }

    private static final int MAX_DEPTH = 64;

    private final CharSequence text;
    private int pos;
    private int lastDigits;

    JsonCursor(CharSequence text) {
        this.text = text;
    }

    int position() {
        return pos;
    }

    /** Digit count of the last number read by {@link #readLong()}: tells 13-digit millis from 16-digit micros. */
    int lastDigits() {
        return lastDigits;
    }

    void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    boolean atEnd() {
        skipWhitespace();
        return pos >= text.length();
    }

    /** The next significant character, without consuming it; 0 at the end. */
    char peek() {
        skipWhitespace();
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    void expect(char c) throws JsonException {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    /** Consumes {@code c} if it is next. */
    boolean consume(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    /**
     * Steps through an object's members: call after '{' and after each value. Returns true when a
     * key follows (its comma consumed), false when the object ends (its '}' consumed).
     */
    boolean nextMember(boolean first) throws JsonException {
        char c = peek();
        if (c == '}') {
            pos++;
            return false;
        }
        if (!first) {
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
            pos++;
        }
        return true;
    }

    /** Reads {@code "key":} and returns the key. */
    String readKey() throws JsonException {
        String key = readString();
        expect(':');
        return key;
    }

    String readString() throws JsonException {
        if (peek() != '"') {
            throw error("expected a string");
        }
        int start = ++pos;
        StringBuilder escaped = null;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                String plain = text.subSequence(start, pos).toString();
                pos++;
                return escaped == null ? plain : escaped.append(plain).toString();
            }
            if (c == '\\') {
                if (escaped == null) {
                    escaped = new StringBuilder();
                }
                escaped.append(text, start, pos);
                pos++;
                escaped.append(unescape());
                start = pos;
                continue;
            }
            if (c < 0x20) {
                throw error("control character in string");
            }
            pos++;
        }
        throw error("unterminated string");
    }

    private char unescape() throws JsonException {
        if (pos >= text.length()) {
            throw error("unterminated escape");
        }
        char c = text.charAt(pos++);
        switch (c) {
            case '"': case '\\': case '/': return c;
            case 'b': return '\b';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'u':
                if (pos + 4 > text.length()) {
                    throw error("short \\u escape");
                }
                int value = 0;
                for (int k = 0; k < 4; k++) {
                    int digit = Character.digit(text.charAt(pos++), 16);
                    if (digit < 0) {
                        throw error("bad \\u escape");
                    }
                    value = value * 16 + digit;
                }
                return (char) value;
            default:
                throw error("bad escape");
        }
    }

    /** Reads a JSON integer (no fraction, no exponent) and remembers how many digits it had. */
    long readLong() throws JsonException {
        skipWhitespace();
        boolean negative = pos < text.length() && text.charAt(pos) == '-';
        if (negative) {
            pos++;
        }
        int start = pos;
        long value = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c < '0' || c > '9') {
                break;
            }
            if (pos - start >= 18) {
                throw error("integer too long");
            }
            value = value * 10 + (c - '0');
            pos++;
        }
        lastDigits = pos - start;
        if (lastDigits == 0) {
            throw error("expected an integer");
        }
        if (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '.' || c == 'e' || c == 'E') {
                throw error("expected an integer, found a fraction or exponent");
            }
        }
        return negative ? -value : value;
    }

    /** Skips any value: string, number, literal, object or array. */
    void skipValue() throws JsonException {
        skipValue(0);
    }

    private void skipValue(int depth) throws JsonException {
        if (depth > MAX_DEPTH) {
            throw error("nested too deeply");
        }
        char c = peek();
        switch (c) {
            case '"':
                readString();
                return;
            case '{':
                pos++;
                for (boolean first = true; nextMember(first); first = false) {
                    readKey();
                    skipValue(depth + 1);
                }
                return;
            case '[':
                pos++;
                if (consume(']')) {
                    return;
                }
                do {
                    skipValue(depth + 1);
                } while (consume(','));
                expect(']');
                return;
            case 't':
                literal("true");
                return;
            case 'f':
                literal("false");
                return;
            case 'n':
                literal("null");
                return;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    skipNumber();
                    return;
                }
                throw error("unexpected character");
        }
    }

    private void skipNumber() throws JsonException {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
                pos++;
            } else {
                break;
            }
        }
        if (pos == start) {
            throw error("expected a number");
        }
    }

    private void literal(String word) throws JsonException {
        for (int k = 0; k < word.length(); k++) {
            if (pos >= text.length() || text.charAt(pos) != word.charAt(k)) {
                throw error("expected " + word);
            }
            pos++;
        }
    }

    JsonException error(String what) {
        return new JsonException(what + " at offset " + pos);
    }
}
