package com.kubetrader.rehearsal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal stand-in for target/stream-trades.jar (written on another branch), JDK only, with the same command line
 * and CSV: {@code --endpoint <ws base> --symbols <list|ALL> --duration-seconds N --out trades.csv
 * [--rest-endpoint <http base>]}. Used by the rehearsal test until the real collector is merged.
 */
public final class StandInCollector {

    private static final Pattern FIELD = Pattern.compile("\"([sEtT])\":\"?([A-Za-z0-9]+)\"?");
    private static final Pattern SYMBOL = Pattern.compile("\"symbol\":\"([A-Z0-9]+)\",\"status\":\"TRADING\"");

    private StandInCollector() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i], args[i + 1]);
        }
        String endpoint = opt.get("--endpoint");
        int duration = Integer.parseInt(opt.get("--duration-seconds"));
        Path out = Path.of(opt.get("--out"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> symbols = new ArrayList<>();
        if (opt.get("--symbols").equals("ALL")) {
            String body = http.send(HttpRequest.newBuilder(URI.create(opt.get("--rest-endpoint")
                    + "/api/v3/exchangeInfo")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = SYMBOL.matcher(body);
            while (m.find()) {
                symbols.add(m.group(1));
            }
        } else {
            symbols.addAll(List.of(opt.get("--symbols").split(",")));
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(duration);
        BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.US_ASCII);
        w.write("symbol,trade_id,event_time_us,trade_time_us,recv_time_us,latency_us\n");
        Listener listener = new Listener(w);
        WebSocket ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(endpoint + "/stream?timeUnit=MICROSECOND"), listener).get(10, TimeUnit.SECONDS);
        int id = 1;
        for (int i = 0; i < symbols.size(); i += 100) {
            List<String> batch = symbols.subList(i, Math.min(symbols.size(), i + 100));
            StringBuilder sb = new StringBuilder("{\"method\":\"SUBSCRIBE\",\"params\":[");
            for (int j = 0; j < batch.size(); j++) {
                sb.append(j == 0 ? "" : ",").append('"').append(batch.get(j).toLowerCase(Locale.ROOT)).append("@trade\"");
            }
            ws.sendText(sb.append("],\"id\":").append(id++).append('}').toString(), true).get(5, TimeUnit.SECONDS);
            Thread.sleep(250); // at most 4 messages per second, under Binance's 5
        }
        long left = end - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
        ws.abort();
        synchronized (w) {
            listener.closed = true;
            w.close();
        }
        System.out.println("stand-in collector: " + listener.rows + " rows to " + out);
    }

    private static final class Listener implements WebSocket.Listener {
        final BufferedWriter w;
        final StringBuilder partial = new StringBuilder();
        long recvUs;
        long rows;
        boolean closed;

        Listener(BufferedWriter w) {
            this.w = w;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            if (partial.length() == 0) {
                Instant now = Instant.now();
                recvUs = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
            }
            partial.append(data);
            if (last) {
                String msg = partial.toString();
                partial.setLength(0);
                if (msg.startsWith("{\"stream\"")) {
                    Map<String, String> f = new HashMap<>();
                    Matcher m = FIELD.matcher(msg.substring(msg.indexOf("\"data\"")));
                    while (m.find()) {
                        f.putIfAbsent(m.group(1), m.group(2));
                    }
                    long e = Long.parseLong(f.get("E"));
                    synchronized (w) {
                        if (!closed) {
                            try {
                                w.write(f.get("s") + "," + f.get("t") + "," + e + "," + f.get("T") + "," + recvUs
                                        + "," + (recvUs - e) + "\n");
                                rows++;
                            } catch (IOException ex) {
                                throw new IllegalStateException(ex);
                            }
                        }
                    }
                }
            }
            ws.request(1);
            return null;
        }
    }
}
