package com.kubetrader.collector;

import com.kubetrader.collector.JsonCursor.JsonException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --symbols ALL}: every spot symbol whose status is TRADING, from
 * {@code GET <rest>/api/v3/exchangeInfo}. The response is several megabytes of filters we do not
 * need; the hand-written reader keeps only "symbol", "status" and "isSpotTradingAllowed".
 */
public final class ExchangeInfo {

    private ExchangeInfo() {
    }

    /** Fetches and parses; IOException carries a message fit for the log. */
    public static List<String> tradingSymbols(HttpClient http, URI restEndpoint) throws IOException {
        String base = restEndpoint.toString().replaceAll("/+$", "");
        URI uri = URI.create(base + "/api/v3/exchangeInfo");
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + uri);
        } catch (IOException e) {
            // The JDK's own message is often null (a refused port); say what failed and why.
            throw new IOException("GET " + uri + " failed: " + Failures.describe(e), e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered HTTP " + response.statusCode());
        }
        try {
            return parseTradingSymbols(response.body());
        } catch (JsonException e) {
            throw new IOException("GET " + uri + " returned JSON the collector cannot read: " + e.getMessage());
        }
    }

    /** Symbols with status TRADING (and spot trading allowed, when the field is present), in order. */
    static List<String> parseTradingSymbols(CharSequence json) throws JsonException {
        JsonCursor in = new JsonCursor(json);
        List<String> symbols = new ArrayList<>();
        boolean sawSymbols = false;
        in.expect('{');
        for (boolean first = true; in.nextMember(first); first = false) {
            if (!in.readKey().equals("symbols")) {
                in.skipValue();
                continue;
            }
            sawSymbols = true;
            in.expect('[');
            if (in.consume(']')) {
                continue;
            }
            do {
                readSymbol(in, symbols);
            } while (in.consume(','));
            in.expect(']');
        }
        if (!sawSymbols) {
            throw in.error("no \"symbols\" array");
        }
        return symbols;
    }

    private static void readSymbol(JsonCursor in, List<String> symbols) throws JsonException {
        in.expect('{');
        String symbol = null;
        String status = null;
        boolean spotAllowed = true;
        for (boolean first = true; in.nextMember(first); first = false) {
            switch (in.readKey()) {
                case "symbol":
                    symbol = in.readString();
                    break;
                case "status":
                    status = in.readString();
                    break;
                case "isSpotTradingAllowed":
                    spotAllowed = in.peek() == 't';
                    in.skipValue();
                    break;
                default:
                    in.skipValue();
            }
        }
        if (symbol != null && "TRADING".equals(status) && spotAllowed && TradeFrameParser.validSymbol(symbol)) {
            symbols.add(symbol);
        }
    }
}
