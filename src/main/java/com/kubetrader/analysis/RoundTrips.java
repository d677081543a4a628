package com.kubetrader.analysis;

import com.kubetrader.output.OutputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One instance's round trips, trades.rtt.csv beside its trades.csv (rtt.csv in runs of older collectors;
 * {@code endpoint,connection,kind,sent_time_us,rtt_us}), by endpoint: the clock-free
 * round trips. A row with an empty rtt_us is a lost ping (or a failed probe) and never a value. The file is a few
 * rows a second per connection, so it is read here rather than through DuckDB.
 */
public record RoundTrips(Map<String, Samples> byEndpoint) {

    /** The collector's round-trip file: its --out's stem with .rtt.csv, trades.rtt.csv beside trades.csv. */
    public static final String FILE = "trades.rtt.csv";
    /** What collectors wrote before the file took the output's stem; read when {@link #FILE} is absent. */
    public static final String LEGACY_FILE = "rtt.csv";
    public static final String HEADER = "endpoint,connection,kind,sent_time_us,rtt_us";

    /** One endpoint's samples, in µs. */
    public record Samples(List<Long> pingRttUs, long pingsLost, List<Long> tcpConnectUs, List<Long> tlsHandshakeUs) {
    }

    /** The instance directory's round-trip file: trades.rtt.csv, else an older run's rtt.csv, else null. */
    public static Path in(Path instanceDir) {
        for (String name : List.of(FILE, LEGACY_FILE)) {
            if (Files.isRegularFile(instanceDir.resolve(name))) {
                return instanceDir.resolve(name);
            }
        }
        return null;
    }

    public static RoundTrips read(Path file) {
        Map<String, List<Long>> pings = new LinkedHashMap<>();
        Map<String, long[]> lost = new LinkedHashMap<>();
        Map<String, List<Long>> connects = new LinkedHashMap<>();
        Map<String, List<Long>> handshakes = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || !header.strip().equals(HEADER)) {
                throw AnalysisException.inFile(file, "wrong header: expected " + HEADER + " but found " + header);
            }
            String line;
            for (int n = 2; (line = r.readLine()) != null; n++) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != 5) {
                    throw AnalysisException.inFile(file, "line " + n + " has " + f.length + " fields, expected 5: " + line);
                }
                String endpoint = f[0];
                Long rtt = f[4].isEmpty() ? null : parse(file, n, "rtt_us", f[4]);
                parse(file, n, "sent_time_us", f[3]);
                switch (f[2]) {
                    case "ws_ping" -> {
                        if (rtt == null) {
                            lost.computeIfAbsent(endpoint, k -> new long[1])[0]++;
                        } else {
                            pings.computeIfAbsent(endpoint, k -> new ArrayList<>()).add(rtt);
                        }
                    }
                    case "tcp_connect" -> {
                        if (rtt != null) {
                            connects.computeIfAbsent(endpoint, k -> new ArrayList<>()).add(rtt);
                        }
                    }
                    case "tls_handshake" -> {
                        if (rtt != null) {
                            handshakes.computeIfAbsent(endpoint, k -> new ArrayList<>()).add(rtt);
                        }
                    }
                    default -> throw AnalysisException.inFile(file, "line " + n + ": kind '" + f[2]
                            + "' is not ws_ping, tcp_connect or tls_handshake");
                }
            }
        } catch (IOException e) {
            throw AnalysisException.inFile(file, "cannot be read (" + OutputException.reason(e)
                    + "); check the file's permissions, or copy the run again");
        }
        Map<String, Samples> out = new LinkedHashMap<>();
        List<String> endpoints = new ArrayList<>(pings.keySet());
        for (Map<String, ?> m : List.of(lost, connects, handshakes)) {
            m.keySet().stream().filter(e -> !endpoints.contains(e)).forEach(endpoints::add);
        }
        for (String e : endpoints) {
            out.put(e, new Samples(List.copyOf(pings.getOrDefault(e, List.of())),
                    lost.containsKey(e) ? lost.get(e)[0] : 0, List.copyOf(connects.getOrDefault(e, List.of())),
                    List.copyOf(handshakes.getOrDefault(e, List.of()))));
        }
        return new RoundTrips(Map.copyOf(out));
    }

    private static long parse(Path file, int line, String column, String value) {
        try {
            long v = Long.parseLong(value);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw AnalysisException.inFile(file, "line " + line + ": " + column + " '" + value
                    + "' is not a whole number of µs >= 0");
        }
    }
}
