package com.kubetrader.rehearsal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * A local stand-in for Binance spot's combined trade stream, for rehearsals on one machine.
 *
 * <p>WebSocket on 127.0.0.1 (ephemeral port), serving one or more named endpoints, each with its own AZ profiles:
 * clients connect to {@code /ep/<endpoint>/az/<azId>/stream?timeUnit=MICROSECOND} (the collector appends
 * {@code /stream?timeUnit=MICROSECOND} to an endpoint of {@code ws://127.0.0.1:PORT/ep/<endpoint>/az/<azId>}),
 * send {@code {"method":"SUBSCRIBE","params":["btcusdt@trade",...],"id":N}}, get {@code {"result":null,"id":N}}, then
 * receive {@code {"stream":"btcusdt@trade","data":{"e":"trade","E":..,"s":"BTCUSDT","t":..,"p":"..","q":"..",
 * "T":..,"m":..,"M":true}}} with microsecond timestamps. One generator emits trades at a fixed rate; each trade is
 * stamped E at emit time and then sent to every subscribed client after that client's AZ delay (base + uniform
 * jitter + exponential tail). A client's ping is answered after the AZ's round-trip delay, drawn the same way but
 * from its own base, independently of the one-way delay. HTTP on another ephemeral port serves
 * {@code /api/v3/exchangeInfo} and {@code /api/v3/ping}.
 */
public final class ExchangeSimulator implements AutoCloseable {

    /**
     * The simulated network distance from one AZ to the exchange, in µs: the one-way delay of trade frames
     * ({@code baseDelayUs}) and the round trip of a ping ({@code rttBaseUs}), each plus uniform jitter and an
     * exponential tail.
     */
    public record AzProfile(String azId, String azName, double baseDelayUs, double rttBaseUs, double jitterUs,
                            double tailMeanUs) {
    }

    /** The endpoint name a simulator with one profile list serves. */
    public static final String DEFAULT_ENDPOINT = "spot";

    private static final Pattern PATH = Pattern.compile("^/ep/([a-z0-9-]+)/az/([A-Za-z0-9-]+)/stream\\?(.*)$");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<String> symbols;
    /** Endpoint name to AZ ID to profile. */
    private final Map<String, Map<String, AzProfile>> profiles;
    private final double ratePerSecond;
    private final long seed;
    private final Server server;
    private final HttpServer http;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final AtomicLong tradesEmitted = new AtomicLong();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong subscribeRateWarnings = new AtomicLong();
    private volatile boolean running = true;
    private Thread generator;

    public ExchangeSimulator(List<String> symbols, List<AzProfile> profiles, double ratePerSecond, long seed)
            throws IOException {
        this(symbols, Map.of(DEFAULT_ENDPOINT, profiles), ratePerSecond, seed);
    }

    /** Several endpoints, each with its own AZ profiles (the same AZ IDs may rank differently on each). */
    public ExchangeSimulator(List<String> symbols, Map<String, List<AzProfile>> profilesByEndpoint,
                             double ratePerSecond, long seed) throws IOException {
        this.symbols = List.copyOf(symbols);
        this.profiles = new ConcurrentHashMap<>();
        profilesByEndpoint.forEach((endpoint, list) -> {
            Map<String, AzProfile> byAz = new ConcurrentHashMap<>();
            list.forEach(p -> byAz.put(p.azId(), p));
            this.profiles.put(endpoint, byAz);
        });
        this.ratePerSecond = ratePerSecond;
        this.seed = seed;
        this.pongRandom = ThreadLocal.withInitial(() -> new Random(seed ^ 0x5eed));
        this.server = new Server();
        this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/api/v3/exchangeInfo", ex -> respond(ex, exchangeInfo()));
        http.createContext("/api/v3/ping", ex -> respond(ex, "{}"));
    }

    /** Starts both servers and the trade generator; returns when the WebSocket port is bound. */
    public ExchangeSimulator start() throws InterruptedException {
        server.setReuseAddr(true);
        // Without it Nagle's algorithm meets the collector's delayed ACKs and holds small frames back: the
        // rehearsal would measure the kernel's timers, not the injected delays.
        server.setTcpNoDelay(true);
        server.start();
        if (!server.started.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the simulator's WebSocket server did not start within 10 s");
        }
        http.start();
        generator = new Thread(this::generate, "simulator-trades");
        generator.setDaemon(true);
        generator.start();
        return this;
    }

    /** The endpoint to give a collector that stands in the given AZ, on the default endpoint. */
    public String wsBase(String azId) {
        return wsBase(profiles.containsKey(DEFAULT_ENDPOINT) ? DEFAULT_ENDPOINT : profiles.keySet().iterator().next(),
                azId);
    }

    /** The named endpoint as seen from the given AZ. */
    public String wsBase(String endpoint, String azId) {
        return "ws://127.0.0.1:" + server.getPort() + "/ep/" + endpoint + "/az/" + azId;
    }

    public String restBase() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    public long tradesEmitted() {
        return tradesEmitted.get();
    }

    public long framesSent() {
        return framesSent.get();
    }

    /** Times a client sent more than 5 messages within one second (Binance would disconnect it). */
    public long subscribeRateWarnings() {
        return subscribeRateWarnings.get();
    }

    @Override
    public void close() {
        running = false;
        if (generator != null) {
            generator.interrupt();
        }
        clients.forEach(Client::stop);
        try {
            server.stop(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.stop(0);
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private void generate() {
        Random rnd = new Random(seed);
        long[] nextId = new long[symbols.size()];
        for (int i = 0; i < nextId.length; i++) {
            nextId[i] = 100_000_000L + rnd.nextInt(1_000_000);
        }
        long intervalNanos = (long) (1e9 / ratePerSecond);
        long next = System.nanoTime();
        while (running) {
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (Thread.interrupted()) {
                return;
            }
            int s = rnd.nextInt(symbols.size());
            String symbol = symbols.get(s);
            String stream = symbol.toLowerCase(Locale.ROOT) + "@trade";
            long tradeId = nextId[s]++;
            long e = nowMicros();
            long t = e - rnd.nextInt(300);
            String price = String.format(Locale.ROOT, "%.8f", 100 + rnd.nextDouble());
            String qty = String.format(Locale.ROOT, "%.8f", rnd.nextDouble());
            boolean maker = rnd.nextBoolean();
            String frame = "{\"stream\":\"" + stream + "\",\"data\":{\"e\":\"trade\",\"E\":" + e + ",\"s\":\"" + symbol
                    + "\",\"t\":" + tradeId + ",\"p\":\"" + price + "\",\"q\":\"" + qty + "\",\"T\":" + t + ",\"m\":"
                    + maker + ",\"M\":true}}";
            tradesEmitted.incrementAndGet();
            for (Client c : clients) {
                if (c.streams.contains(stream)) {
                    c.enqueue(frame, rnd);
                }
            }
        }
    }

    private String exchangeInfo() {
        StringBuilder sb = new StringBuilder("{\"timezone\":\"UTC\",\"serverTime\":")
                .append(System.currentTimeMillis()).append(",\"symbols\":[");
        for (int i = 0; i < symbols.size(); i++) {
            String s = symbols.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"symbol\":\"").append(s).append("\",\"status\":\"TRADING\",")
                    .append("\"baseAsset\":\"").append(s, 0, s.length() - 4).append("\",\"quoteAsset\":\"USDT\"}");
        }
        return sb.append("]}").toString();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange ex, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    /** A frame due at a System.nanoTime() instant: a text frame, or a pong answering a ping. */
    private record Pending(long dueNanos, String frame, org.java_websocket.framing.Framedata control)
            implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(dueNanos, ((Pending) o).dueNanos);
        }
    }

    /** One connection: its AZ profile, its subscriptions and a sender thread that releases frames when due. */
    private final class Client {
        final WebSocket conn;
        final AzProfile profile;
        final Set<String> streams = ConcurrentHashMap.newKeySet();
        final DelayQueue<Pending> queue = new DelayQueue<>();
        final ArrayDeque<Long> recentMessages = new ArrayDeque<>();
        final Thread sender;

        Client(WebSocket conn, AzProfile profile) {
            this.conn = conn;
            this.profile = profile;
            this.sender = new Thread(this::send, "simulator-send-" + profile.azId());
            sender.setDaemon(true);
            sender.start();
        }

        void enqueue(String frame, Random rnd) {
            queue.add(new Pending(System.nanoTime() + (long) (delayUs(profile.baseDelayUs(), rnd) * 1000), frame, null));
        }

        /** The pong to a client's ping, due after the AZ's round trip (the client timed its send already). */
        void enqueuePong(org.java_websocket.framing.Framedata ping, Random rnd) {
            org.java_websocket.framing.PongFrame pong = new org.java_websocket.framing.PongFrame(
                    (org.java_websocket.framing.PingFrame) ping);
            queue.add(new Pending(System.nanoTime() + (long) (delayUs(profile.rttBaseUs(), rnd) * 1000), null, pong));
        }

        private double delayUs(double baseUs, Random rnd) {
            return baseUs + rnd.nextDouble() * profile.jitterUs() - Math.log(1 - rnd.nextDouble()) * profile.tailMeanUs();
        }

        void send() {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Pending p = queue.take(); // returns once the frame is due (the wake-up may be ~0.1 ms late)
                    if (conn.isOpen()) {
                        if (p.control() != null) {
                            conn.sendFrame(p.control());
                        } else {
                            conn.send(p.frame());
                            framesSent.incrementAndGet();
                        }
                    }
                }
            } catch (InterruptedException e) {
                // closed
            } catch (RuntimeException e) {
                // the connection went away between isOpen and send
            }
        }

        synchronized boolean countMessage() {
            long now = System.nanoTime();
            recentMessages.addLast(now);
            while (!recentMessages.isEmpty() && now - recentMessages.peekFirst() >= 1_000_000_000L) {
                recentMessages.removeFirst();
            }
            return recentMessages.size() <= 5;
        }

        void stop() {
            sender.interrupt();
        }
    }

    private final class Server extends WebSocketServer {
        final CountDownLatch started = new CountDownLatch(1);

        Server() {
            super(new InetSocketAddress("127.0.0.1", 0));
        }

        @Override
        public void onStart() {
            started.countDown();
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            Matcher m = PATH.matcher(handshake.getResourceDescriptor());
            Map<String, AzProfile> endpoint = m.matches() ? profiles.get(m.group(1)) : null;
            if (endpoint == null || !endpoint.containsKey(m.group(2))) {
                conn.close(1008, "expected /ep/<endpoint>/az/<azId>/stream?timeUnit=MICROSECOND with endpoint one of "
                        + profiles.keySet() + ", got " + handshake.getResourceDescriptor());
                return;
            }
            if (!m.group(3).contains("timeUnit=MICROSECOND")) {
                conn.close(1008, "this simulator serves only timeUnit=MICROSECOND");
                return;
            }
            Client c = new Client(conn, endpoint.get(m.group(2)));
            conn.setAttachment(c);
            clients.add(c);
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            Client c = conn.getAttachment();
            if (c != null) {
                clients.remove(c);
                c.stop();
            }
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            Client c = conn.getAttachment();
            if (c == null) {
                return;
            }
            if (!c.countMessage()) {
                subscribeRateWarnings.incrementAndGet();
            }
            JsonNode req;
            try {
                req = MAPPER.readTree(message);
            } catch (IOException e) {
                conn.send("{\"error\":{\"code\":3,\"msg\":\"Invalid JSON\"}}");
                return;
            }
            JsonNode id = req.get("id");
            String method = req.path("method").asText();
            if (method.equals("SUBSCRIBE") || method.equals("UNSUBSCRIBE")) {
                List<String> streams = new java.util.ArrayList<>();
                req.path("params").forEach(p -> streams.add(p.asText().toLowerCase(Locale.ROOT)));
                if (method.equals("UNSUBSCRIBE")) {
                    streams.forEach(c.streams::remove);
                }
                // the reply first, then the trades: a trade must never overtake the reply to its SUBSCRIBE
                conn.send("{\"result\":null,\"id\":" + id + "}");
                if (method.equals("SUBSCRIBE")) {
                    c.streams.addAll(streams);
                }
            } else if (method.equals("LIST_SUBSCRIPTIONS")) {
                try {
                    conn.send("{\"result\":" + MAPPER.writeValueAsString(c.streams) + ",\"id\":" + id + "}");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            } else {
                conn.send("{\"error\":{\"code\":2,\"msg\":\"Invalid request: unknown method\"},\"id\":" + id + "}");
            }
        }

        /** Binance counts pings against the 5 per second too; the pong waits for the AZ's round trip. */
        @Override
        public void onWebsocketPing(WebSocket conn, org.java_websocket.framing.Framedata frame) {
            Client c = conn.getAttachment();
            if (c == null) {
                super.onWebsocketPing(conn, frame);
                return;
            }
            if (!c.countMessage()) {
                subscribeRateWarnings.incrementAndGet();
            }
            c.enqueuePong(frame, pongRandom.get());
        }

        @Override
        public void onWebsocketPong(WebSocket conn, org.java_websocket.framing.Framedata frame) {
            Client c = conn.getAttachment();
            if (c != null && !c.countMessage()) {
                subscribeRateWarnings.incrementAndGet();
            }
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
            if (conn == null) {
                started.countDown();
            }
        }
    }

    /** Pongs are drawn on the server's threads, apart from the trade generator's seeded sequence. */
    private final ThreadLocal<Random> pongRandom;
}
