package com.kubetrader.collector;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The collector's settings, parsed from the command line.
 *
 * @param endpoints        WebSocket base URLs (ws or wss), e.g. wss://stream.binance.com:9443, in the order given
 * @param restEndpoint     REST base URL used to list symbols for {@code --symbols ALL}
 * @param symbols          upper-case symbols, or empty when {@code allSymbols}
 * @param allSymbols       every spot symbol with status TRADING, from exchangeInfo
 * @param duration         how long to collect; null means until SIGTERM
 * @param out              the CSV file
 * @param log              log file, or null for stderr
 * @param progressInterval how often a progress line is logged
 * @param maxStreamsPerConnection at most this many streams on one connection (Binance: 1024)
 * @param streamsPerMessage at most this many streams in one SUBSCRIBE message
 * @param pingInterval     how often each endpoint's probe connection sends a WebSocket ping to measure round-trip
 *                         time; zero: no pings and no probe connection
 * @param probeInterval    how often each endpoint host gets a TCP connect and TLS handshake probe; zero: never
 * @param overwrite        replace a previous recording at {@code out} (and its side files) once the new one is
 *                         complete; without it the collector refuses an {@code out} that holds one
 */
public record CollectorOptions(
        List<Endpoint> endpoints,
        URI restEndpoint,
        List<String> symbols,
        boolean allSymbols,
        Duration duration,
        Path out,
        Path log,
        Duration progressInterval,
        int maxStreamsPerConnection,
        int streamsPerMessage,
        Duration pingInterval,
        Duration probeInterval,
        boolean overwrite) {

    public static final String DEFAULT_ENDPOINT = "wss://stream.binance.com:9443";
    public static final String DEFAULT_REST_ENDPOINT = "https://api.binance.com";
    /** Binance Spot: a single connection can listen to a maximum of 1024 streams. */
    public static final int BINANCE_MAX_STREAMS_PER_CONNECTION = 1024;
    public static final int DEFAULT_STREAMS_PER_MESSAGE = 200;
    /** Binance Spot: at most 5 incoming messages (pings, pongs, JSON requests) per second per connection. */
    public static final int BINANCE_MESSAGES_PER_SECOND = 5;

    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(366L * 24 * 3600);

    /**
     * The collector's pacing window (slightly over Binance's second, see {@link MessagePacer}) and what it keeps
     * free in it: one slot for the pong the JDK sends by itself to each server ping, and one so SUBSCRIBE messages
     * still go out between pings. Pings get what is left.
     */
    public static final long PACING_WINDOW_MILLIS = 1_100;
    public static final int SLOTS_KEPT_FOR_PONG_REPLIES = 1;
    public static final int SLOTS_KEPT_FOR_SUBSCRIBE = 1;
    public static final int DEFAULT_PING_INTERVAL_MILLIS = 1_000;
    public static final int DEFAULT_PROBE_INTERVAL_SECONDS = 60;

    /** The side file of round-trip samples: {@code <stem>.rtt.csv} beside the trades file (docs/output-rules.md). */
    public static final String RTT_SUFFIX = ".rtt.csv";

    public CollectorOptions {
        endpoints = List.copyOf(endpoints);
        symbols = List.copyOf(symbols);
    }

    /**
     * The round trips, named from {@code --out}'s stem: {@code --out trades.csv} writes {@code trades.rtt.csv}, so two
     * collectors writing {@code a.csv} and {@code b.csv} in one directory never share a file.
     */
    public Path rttOut() {
        return sideFile(out, RTT_SUFFIX);
    }

    /** Every file a run writes: the trades and, beside them, the side files named from the trades' stem. */
    public List<Path> outputs() {
        return List.of(out, rttOut());
    }

    /** {@code out}'s name without its last extension, then {@code suffix}: trades.csv, .rtt.csv → trades.rtt.csv. */
    static Path sideFile(Path out, String suffix) {
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return out.resolveSibling(stem + suffix);
    }

    /** The endpoints that stream trades (not rtt-only). */
    public List<Endpoint> tradeEndpoints() {
        return endpoints.stream().filter(e -> !e.rttOnly()).toList();
    }

    /** The text {@code --help} prints. */
    public static String usage() {
        return String.join("\n",
                "Usage: java -jar stream-trades.jar --symbols <LIST|ALL> --out <trades.csv> [options]",
                "",
                "Records Binance Spot trades with their receive time and one-way latency.",
                "",
                "  --symbols <LIST|ALL>        comma-separated symbols (BTCUSDT,ETHUSDT) or ALL:",
                "                              every spot symbol with status TRADING from exchangeInfo",
                "  --out <file>                CSV file to write (parent directory must exist); refused when it",
                "                              already holds a recording",
                "  --overwrite                 replace the recording at --out (and its .rtt.csv) once the new one",
                "                              is complete; a file the collector did not write is never replaced",
                "  --duration-seconds <N>      how long to collect; fractions allowed (default: until SIGTERM)",
                "  --endpoint <URL,...>        comma-separated WebSocket base URLs (default " + DEFAULT_ENDPOINT + ");",
                "                              each gets its own connections for the same symbols. Prefix one with",
                "                              rtt-only: to open one connection that subscribes to nothing and only",
                "                              pings, e.g. rtt-only:wss://ws-api.binance.com:443/ws-api/v3. NAME=URL",
                "                              names an endpoint in the CSVs (default: the URL as given)",
                "  --rest-endpoint <http(s)://...>  REST base URL for ALL (default " + DEFAULT_REST_ENDPOINT + ")",
                "  --log <file>                log file (default: stderr)",
                "  --progress-seconds <N>      progress line interval (default 5)",
                "  --max-streams-per-connection <N>  1.." + BINANCE_MAX_STREAMS_PER_CONNECTION
                        + " (default " + BINANCE_MAX_STREAMS_PER_CONNECTION + ")",
                "  --streams-per-message <N>   streams per SUBSCRIBE message, 1..1024 (default "
                        + DEFAULT_STREAMS_PER_MESSAGE + ")",
                "  --ping-interval-ms <N>      WebSocket ping for round-trip time, " + minPingIntervalMillis()
                        + "..60000, on one probe connection per",
                "                              endpoint beside the trade connections (which never ping); 0: no",
                "                              pings and no probe connection (default " + DEFAULT_PING_INTERVAL_MILLIS + ")",
                "  --probe-interval-seconds <N>  TCP connect + TLS handshake probe per endpoint host, 5..3600;",
                "                              0: none (default " + DEFAULT_PROBE_INTERVAL_SECONDS + ")",
                "  --help                      this text",
                "",
                "Writes <out> (trades, one row per trade and endpoint) and, named from its stem, <stem>.rtt.csv",
                "beside it (--out trades.csv: trades.rtt.csv; round trips: endpoint,connection,kind,sent_time_us,",
                "rtt_us; kind ws_ping, tcp_connect or tls_handshake). Both are written as .<name>.partial-<random>",
                "and moved into place when the run ends (duration over, or a signal: the rows so far are the",
                "result); a run that fails (1, 3) leaves the previous files as they were. <out>.lock is held",
                "meanwhile.",
                "",
                "Exit codes:",
                "  0    done",
                "  1    runtime failure (cannot write, cannot list symbols)",
                "  2    bad arguments, or --out already holds a recording (give a new --out or --overwrite)",
                "  3    the exchange sent millisecond timestamps",
                "  6    no trade recorded: <out> holds only its header (a previous recording is never replaced",
                "       by an empty one)",
                "  75   another run is writing --out (its lock names it); try again when it has finished",
                "  129  SIGHUP, 130 SIGINT (Ctrl-C), 143 SIGTERM: the rows so far are kept as the result",
                "");
    }

    /** Thrown for {@code --help}: not an error, but parsing stops. */
    public static final class HelpRequested extends Exception {
        HelpRequested() {
            super("help requested", null, false, false);
        }
    }

    /** Parses the command line; every error names the flag, the bad value and what is valid. */
    public static CollectorOptions parse(String... args) throws UsageException, HelpRequested {
        String endpoint = DEFAULT_ENDPOINT;
        String rest = DEFAULT_REST_ENDPOINT;
        String symbols = null;
        String duration = null;
        String out = null;
        String log = null;
        String progress = "5";
        String maxStreams = String.valueOf(BINANCE_MAX_STREAMS_PER_CONNECTION);
        String perMessage = String.valueOf(DEFAULT_STREAMS_PER_MESSAGE);
        String pingInterval = String.valueOf(DEFAULT_PING_INTERVAL_MILLIS);
        String probeInterval = String.valueOf(DEFAULT_PROBE_INTERVAL_SECONDS);
        boolean overwrite = false;
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new HelpRequested();
            }
            if (arg.equals("--overwrite")) {
                if (overwrite) {
                    throw new UsageException("--overwrite given more than once");
                }
                overwrite = true;
                continue;
            }
            String flag = arg;
            String value;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                flag = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else {
                value = null;
            }
            if (!isKnownFlag(flag)) {
                throw new UsageException("unknown argument '" + arg + "'; valid flags: --symbols, --out, "
                        + "--duration-seconds, --endpoint, --rest-endpoint, --log, --progress-seconds, "
                        + "--max-streams-per-connection, --streams-per-message, --ping-interval-ms, "
                        + "--probe-interval-seconds, --overwrite, --help");
            }
            if (value == null) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new UsageException(flag + " needs a value");
                }
                value = args[++i];
            }
            if (!seen.add(flag)) {
                throw new UsageException(flag + " given more than once");
            }
            switch (flag) {
                case "--endpoint": endpoint = value; break;
                case "--rest-endpoint": rest = value; break;
                case "--symbols": symbols = value; break;
                case "--duration-seconds": duration = value; break;
                case "--out": out = value; break;
                case "--log": log = value; break;
                case "--progress-seconds": progress = value; break;
                case "--max-streams-per-connection": maxStreams = value; break;
                case "--streams-per-message": perMessage = value; break;
                case "--ping-interval-ms": pingInterval = value; break;
                case "--probe-interval-seconds": probeInterval = value; break;
                default: throw new IllegalStateException(flag);
            }
        }
        if (symbols == null) {
            throw new UsageException("--symbols is required: a comma-separated list such as BTCUSDT,ETHUSDT, or ALL");
        }
        if (out == null) {
            throw new UsageException("--out is required: the CSV file to write, e.g. trades.csv");
        }
        boolean all = symbols.trim().equalsIgnoreCase("ALL");
        List<Endpoint> endpoints = parseEndpoints(endpoint);
        int pingMillis = parsePingInterval(pingInterval);
        if (pingMillis == 0) {
            for (Endpoint e : endpoints) {
                if (e.rttOnly()) {
                    throw new UsageException("--ping-interval-ms 0 turns round trips off, but --endpoint lists "
                            + Endpoint.RTT_ONLY_PREFIX + e.base() + ", which is there only for them; drop it or give "
                            + "an interval of at least " + minPingIntervalMillis() + " ms");
                }
            }
        }
        return new CollectorOptions(
                endpoints,
                parseUri("--rest-endpoint", rest, "http", "https"),
                all ? List.of() : parseSymbols(symbols),
                all,
                duration == null ? null : parseSeconds("--duration-seconds", duration),
                parseFile("--out", out),
                log == null ? null : parseFile("--log", log),
                parseSeconds("--progress-seconds", progress),
                parseInt("--max-streams-per-connection", maxStreams, 1, BINANCE_MAX_STREAMS_PER_CONNECTION),
                parseInt("--streams-per-message", perMessage, 1, BINANCE_MAX_STREAMS_PER_CONNECTION),
                Duration.ofMillis(pingMillis),
                Duration.ofSeconds(parseProbeInterval(probeInterval)),
                overwrite);
    }

    private static boolean isKnownFlag(String flag) {
        switch (flag) {
            case "--endpoint": case "--rest-endpoint": case "--symbols": case "--duration-seconds":
            case "--out": case "--log": case "--progress-seconds": case "--max-streams-per-connection":
            case "--streams-per-message": case "--ping-interval-ms": case "--probe-interval-seconds":
                return true;
            default:
                return false;
        }
    }

    /**
     * {@code NAME=URL}: the endpoint is called NAME in the CSVs instead of its URL. Runs whose instances reach the
     * same endpoint by different URLs (the rehearsal's simulated AZs) still line up by name.
     */
    private static final java.util.regex.Pattern NAMED_ENDPOINT =
            java.util.regex.Pattern.compile("([a-z][a-z0-9-]{0,31})=(.+)");

    /** A comma-separated list of endpoints, each optionally rtt-only; no duplicates, at least one streaming trades. */
    static List<Endpoint> parseEndpoints(String value) throws UsageException {
        List<Endpoint> endpoints = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Set<String> labels = new LinkedHashSet<>();
        for (String part : value.split(",", -1)) {
            String text = part.trim();
            boolean rttOnly = text.startsWith(Endpoint.RTT_ONLY_PREFIX);
            String url = rttOnly ? text.substring(Endpoint.RTT_ONLY_PREFIX.length()) : text;
            String label = null;
            java.util.regex.Matcher named = NAMED_ENDPOINT.matcher(url);
            if (named.matches()) {
                label = named.group(1);
                url = named.group(2);
            }
            if (url.isEmpty()) {
                throw new UsageException("--endpoint '" + value + "' has an empty entry; expected comma-separated "
                        + "URLs such as wss://stream.binance.com:9443,wss://data-stream.binance.vision");
            }
            URI uri = parseUri("--endpoint", url, "ws", "wss");
            String normalised = url.replaceAll("/+$", "").toLowerCase(Locale.ROOT);
            if (!seen.add(normalised)) {
                throw new UsageException("--endpoint '" + value + "' lists " + url + " twice; each endpoint once");
            }
            if (label == null) {
                label = url;
            }
            if (!labels.add(label)) {
                throw new UsageException("--endpoint '" + value + "' names " + label + " twice; each name once");
            }
            endpoints.add(new Endpoint(label, uri, rttOnly));
        }
        if (endpoints.stream().allMatch(Endpoint::rttOnly)) {
            throw new UsageException("--endpoint '" + value + "' has only rtt-only endpoints; at least one must "
                    + "stream trades, such as " + DEFAULT_ENDPOINT);
        }
        return List.copyOf(endpoints);
    }

    /** The shortest ping interval whose pings fit the window beside the slots kept for pongs and SUBSCRIBEs. */
    static int minPingIntervalMillis() {
        int pingSlots = BINANCE_MESSAGES_PER_SECOND - SLOTS_KEPT_FOR_PONG_REPLIES - SLOTS_KEPT_FOR_SUBSCRIBE;
        return (int) Math.ceil((double) PACING_WINDOW_MILLIS / pingSlots);
    }

    static int parsePingInterval(String value) throws UsageException {
        int millis = parseInt("--ping-interval-ms", value, 0, 60_000);
        if (millis == 0) {
            return 0;
        }
        int pingsPerWindow = (int) Math.ceil((double) PACING_WINDOW_MILLIS / millis);
        int pingSlots = BINANCE_MESSAGES_PER_SECOND - SLOTS_KEPT_FOR_PONG_REPLIES - SLOTS_KEPT_FOR_SUBSCRIBE;
        if (pingsPerWindow > pingSlots) {
            throw new UsageException("--ping-interval-ms '" + value + "' does not fit Binance's limit of "
                    + BINANCE_MESSAGES_PER_SECOND + " incoming messages per second per connection (pings, pongs and "
                    + "SUBSCRIBE all count): a ping every " + millis + " ms puts " + pingsPerWindow + " pings in the "
                    + "collector's " + PACING_WINDOW_MILLIS + " ms pacing window, and " + BINANCE_MESSAGES_PER_SECOND
                    + " - " + SLOTS_KEPT_FOR_PONG_REPLIES + " (pong replies) - " + SLOTS_KEPT_FOR_SUBSCRIBE
                    + " (SUBSCRIBE) = " + pingSlots + " slots are left for pings; use at least "
                    + minPingIntervalMillis() + " ms");
        }
        return millis;
    }

    /** 0 (no connect probes) or 5..3600 seconds. */
    static int parseProbeInterval(String value) throws UsageException {
        try {
            int n = Integer.parseInt(value.trim());
            if (n == 0 || (n >= 5 && n <= 3600)) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--probe-interval-seconds '" + value + "' is not valid; expected 0 (no connect "
                + "probes) or a whole number of seconds from 5 to 3600");
    }

    static URI parseUri(String flag, String value, String... schemes) throws UsageException {
        String valid = "a " + String.join(" or ", schemes) + " URL with a host and no query, e.g. "
                + schemes[schemes.length - 1] + "://host:port";
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new UsageException(flag + " '" + value + "' is not a URL; expected " + valid);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of(schemes).contains(scheme) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new UsageException(flag + " '" + value + "' is not valid; expected " + valid);
        }
        if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
            throw new UsageException(flag + " '" + value + "' has port " + uri.getPort()
                    + ", out of range; expected a port from 1 to 65535, or none for the scheme's default");
        }
        return uri;
    }

    static List<String> parseSymbols(String value) throws UsageException {
        Set<String> unique = new LinkedHashSet<>();
        for (String part : value.split(",", -1)) {
            String symbol = part.trim().toUpperCase(Locale.ROOT);
            if (!TradeFrameParser.validSymbol(symbol)) {
                throw new UsageException("--symbols '" + value + "' has an invalid symbol '" + part.trim()
                        + "'; expected comma-separated letters and digits (BTCUSDT,ETHUSDT) or ALL");
            }
            unique.add(symbol);
        }
        return new ArrayList<>(unique);
    }

    /** Seconds as a decimal (fractions allowed so tests can run for 1.5 s), to millisecond precision. */
    static Duration parseSeconds(String flag, String value) throws UsageException {
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            seconds = null;
        }
        if (seconds == null || seconds.signum() <= 0 || seconds.compareTo(MAX_SECONDS) > 0
                || seconds.movePointRight(3).stripTrailingZeros().scale() > 0) {
            throw new UsageException(flag + " '" + value + "' is not valid; expected a number of seconds above 0 "
                    + "and at most " + MAX_SECONDS + ", at most 3 decimals (e.g. 60 or 1.5)");
        }
        return Duration.ofMillis(seconds.movePointRight(3).longValueExact());
    }

    static int parseInt(String flag, String value, int min, int max) throws UsageException {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(flag + " '" + value + "' is not valid; expected a whole number from "
                + min + " to " + max);
    }

    static Path parseFile(String flag, String value) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException(flag + " '' is not valid; expected a file path");
        }
        Path path;
        try {
            path = Path.of(value).toAbsolutePath();
        } catch (RuntimeException e) {
            throw new UsageException(flag + " '" + value + "' is not a valid path: " + e.getMessage());
        }
        if (Files.isDirectory(path)) {
            throw new UsageException(flag + " '" + value + "' is a directory; expected a file path");
        }
        Path parent = path.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UsageException(flag + " '" + value + "' is not valid; its directory " + parent
                    + " does not exist");
        }
        return path;
    }
}
