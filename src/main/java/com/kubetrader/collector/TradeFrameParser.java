package com.kubetrader.collector;

import com.kubetrader.collector.JsonCursor.JsonException;

/**
 * Reads one combined-stream frame ({@code {"stream":"btcusdt@trade","data":{...}}}), a request
 * reply, an error reply or a serverShutdown event. Pure and stateless: safe from any thread.
 * Only the fields the CSV needs are extracted; all others are skipped.
 */
public final class TradeFrameParser {

    /** Digits in an epoch-microsecond timestamp from 2001 to 2286. */
    static final int MICROS_DIGITS = 16;
    /** Digits in an epoch-millisecond timestamp over the same years. */
    static final int MILLIS_DIGITS = 13;

    private static final String SERVER_SHUTDOWN = "serverShutdown";

    /** Classifies {@code frame}; never throws. */
    public Frame parse(CharSequence frame) {
        try {
            return parseOrThrow(frame);
        } catch (JsonException e) {
            return new Frame.Malformed(e.getMessage());
        }
    }

    private Frame parseOrThrow(CharSequence frame) throws JsonException {
        JsonCursor in = new JsonCursor(frame);
        in.expect('{');
        Frame data = null;
        String topEventType = null;
        boolean hasResult = false;
        Long id = null;
        Long code = null;
        String msg = null;
        for (boolean first = true; in.nextMember(first); first = false) {
            String key = in.readKey();
            switch (key) {
                case "data":
                    data = in.peek() == '{' ? readEvent(in) : skipAndMalformed(in, "data is not an object");
                    break;
                case "event":
                    // The WebSocket API form: {"event":{"e":"serverShutdown","E":...}}
                    data = in.peek() == '{' ? readEvent(in) : skipAndMalformed(in, "event is not an object");
                    break;
                case "e":
                    topEventType = in.peek() == '"' ? in.readString() : null;
                    if (topEventType == null) {
                        in.skipValue();
                    }
                    break;
                case "result":
                    hasResult = true;
                    in.skipValue();
                    break;
                case "id":
                    if (in.peek() == '-' || Character.isDigit(in.peek())) {
                        id = in.readLong();
                    } else {
                        in.skipValue();
                    }
                    break;
                case "code":
                    code = in.readLong();
                    break;
                case "msg":
                    msg = in.peek() == '"' ? in.readString() : null;
                    if (msg == null) {
                        in.skipValue();
                    }
                    break;
                default:
                    in.skipValue();
            }
        }
        if (!in.atEnd()) {
            return new Frame.Malformed("trailing characters after the object at offset " + in.position());
        }
        if (data != null) {
            return data;
        }
        if (SERVER_SHUTDOWN.equals(topEventType)) {
            return new Frame.ServerShutdown();
        }
        if (code != null) {
            return new Frame.ErrorReply(code, msg == null ? "" : msg);
        }
        if (hasResult && id != null) {
            return new Frame.Reply(id);
        }
        if (topEventType != null) {
            return new Frame.Ignored(topEventType);
        }
        return new Frame.Malformed("neither a stream event nor a reply");
    }

    private static Frame skipAndMalformed(JsonCursor in, String reason) throws JsonException {
        in.skipValue();
        return new Frame.Malformed(reason);
    }

    /** Reads the event object: e, E, s, t, T matter; the rest is skipped. */
    private static Frame readEvent(JsonCursor in) throws JsonException {
        in.expect('{');
        String type = null;
        String symbol = null;
        long eventTime = -1;
        int eventDigits = 0;
        long tradeTime = -1;
        int tradeDigits = 0;
        long tradeId = -1;
        boolean hasTradeId = false;
        for (boolean first = true; in.nextMember(first); first = false) {
            String key = in.readKey();
            // Binance keys are case-sensitive single letters: "E" is event time, "e" event type.
            switch (key) {
                case "e":
                    type = in.readString();
                    break;
                case "E":
                    eventTime = in.readLong();
                    eventDigits = in.lastDigits();
                    break;
                case "s":
                    symbol = in.readString();
                    break;
                case "t":
                    tradeId = in.readLong();
                    hasTradeId = true;
                    break;
                case "T":
                    tradeTime = in.readLong();
                    tradeDigits = in.lastDigits();
                    break;
                default:
                    in.skipValue();
            }
        }
        if (SERVER_SHUTDOWN.equals(type)) {
            return new Frame.ServerShutdown();
        }
        if (type == null) {
            return new Frame.Malformed("event without \"e\"");
        }
        if (!"trade".equals(type)) {
            return new Frame.Ignored(type);
        }
        if (symbol == null || !validSymbol(symbol)) {
            return new Frame.Malformed("trade without a valid \"s\"");
        }
        if (!hasTradeId || tradeId < 0) {
            return new Frame.Malformed("trade without a valid \"t\"");
        }
        if (eventTime < 0 || tradeTime < 0) {
            return new Frame.Malformed("trade without \"E\" or \"T\"");
        }
        if (eventDigits == MILLIS_DIGITS || tradeDigits == MILLIS_DIGITS) {
            return new Frame.MillisecondTimestamps(symbol, eventDigits == MILLIS_DIGITS ? eventTime : tradeTime);
        }
        if (eventDigits != MICROS_DIGITS || tradeDigits != MICROS_DIGITS) {
            return new Frame.Malformed("timestamps are neither 16-digit microseconds nor 13-digit milliseconds");
        }
        return new Frame.Trade(symbol, tradeId, eventTime, tradeTime);
    }

    /** Letters and digits only: keeps the CSV free of quoting and matches every Binance symbol. */
    static boolean validSymbol(String symbol) {
        if (symbol.isEmpty() || symbol.length() > 40) {
            return false;
        }
        for (int i = 0; i < symbol.length(); i++) {
            if (!Character.isLetterOrDigit(symbol.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
