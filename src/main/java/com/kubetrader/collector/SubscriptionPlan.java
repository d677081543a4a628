package com.kubetrader.collector;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Pure planning: symbols → connections → SUBSCRIBE batches. Symbols are spread evenly over the
 * fewest connections that keep each at or below the per-connection stream limit, so that one
 * connection's reconnect gap touches as few symbols as possible.
 *
 * @param connections one entry per connection, each a list of SUBSCRIBE batches (stream names)
 */
public record SubscriptionPlan(List<List<List<String>>> connections) {

    public SubscriptionPlan {
        connections = connections.stream()
                .map(batches -> batches.stream().map(List::copyOf).toList())
                .toList();
    }

    /** Plans {@code symbols} with at most {@code maxStreams} per connection and {@code perMessage} per SUBSCRIBE. */
    public static SubscriptionPlan of(List<String> symbols, int maxStreams, int perMessage) {
        if (maxStreams < 1 || perMessage < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        int total = symbols.size();
        int connectionCount = (total + maxStreams - 1) / maxStreams;
        List<List<List<String>>> connections = new ArrayList<>();
        int next = 0;
        for (int c = 0; c < connectionCount; c++) {
            // Even split: the first (total % count) connections take one extra stream.
            int size = total / connectionCount + (c < total % connectionCount ? 1 : 0);
            List<String> streams = new ArrayList<>(size);
            for (int k = 0; k < size; k++) {
                streams.add(streamName(symbols.get(next++)));
            }
            List<List<String>> batches = new ArrayList<>();
            for (int from = 0; from < streams.size(); from += perMessage) {
                batches.add(streams.subList(from, Math.min(streams.size(), from + perMessage)));
            }
            connections.add(batches);
        }
        return new SubscriptionPlan(connections);
    }

    /** Binance stream names are lower case: BTCUSDT → btcusdt@trade. */
    public static String streamName(String symbol) {
        return symbol.toLowerCase(Locale.ROOT) + "@trade";
    }

    /** {@code {"method":"SUBSCRIBE","params":[...],"id":N}}; stream names never need escaping. */
    public static String subscribeMessage(long id, List<String> streams) {
        StringBuilder json = new StringBuilder(32 + streams.size() * 20);
        json.append("{\"method\":\"SUBSCRIBE\",\"params\":[");
        for (int i = 0; i < streams.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append('"').append(streams.get(i)).append('"');
        }
        return json.append("],\"id\":").append(id).append('}').toString();
    }

    public int streamCount(int connection) {
        return connections.get(connection).stream().mapToInt(List::size).sum();
    }
}
