package com.kubetrader.collector;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.Framedata;
import org.java_websocket.framing.PingFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * A Binance combined-stream endpoint on 127.0.0.1 for tests: records every client message with
 * its arrival time, acknowledges SUBSCRIBEs, and lets the test push trades, pings and closes.
 */
final class FakeBinanceServer extends WebSocketServer implements AutoCloseable {

    /** A client message as the server saw it. */
    record Received(int connection, long nanos, String text) {
    }

    /** Every message a client sent, text, ping or pong alike: what Binance counts against 5 per second. */
    record Incoming(int connection, long nanos, String kind) {
    }

    private static final Pattern STREAM = Pattern.compile("\"([^\"]+@trade)\"");
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    final List<Received> received = new CopyOnWriteArrayList<>();
    final List<Incoming> incoming = new CopyOnWriteArrayList<>();
    /** How long the server waits before answering a client's ping; negative: it never answers. */
    volatile long pongDelayNanos;
    private final java.util.concurrent.ScheduledExecutorService pongTimer =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "fake-pong");
                t.setDaemon(true);
                return t;
            });
    final List<String> resourceDescriptors = new CopyOnWriteArrayList<>();
    final List<String> pongPayloads = new CopyOnWriteArrayList<>();
    final List<Integer> closedConnections = new CopyOnWriteArrayList<>();
    /** Streams each connection (by opening order) subscribed to. */
    final Map<Integer, Set<String>> subscriptions = new ConcurrentHashMap<>();
    private final Map<WebSocket, Integer> connectionIds = new ConcurrentHashMap<>();
    private final List<WebSocket> connections = new CopyOnWriteArrayList<>();
    private final CountDownLatch started = new CountDownLatch(1);

    private final String host;

    private FakeBinanceServer(InetSocketAddress bind, boolean tcpNoDelay) {
        super(bind);
        this.host = bind.getHostString();
        setReuseAddr(true);
        setConnectionLostTimeout(0); // no pings of its own: the tests count pings and pongs
        // With TCP_NODELAY off (Nagle's algorithm on, the TCP default, as at an exchange we do not control) a small
        // frame waits for the ACK of the one before it; a client that delays its ACKs then stalls the stream.
        setTcpNoDelay(tcpNoDelay);
    }

    /** On 127.0.0.1 with TCP_NODELAY set: Nagle's algorithm never holds a frame back. */
    static FakeBinanceServer start(Duration timeout) throws InterruptedException {
        return start(timeout, new InetSocketAddress("127.0.0.1", 0), true);
    }

    /** On 127.0.0.1 with Nagle's algorithm on, the TCP default: what a server we do not control may do. */
    static FakeBinanceServer startWithNagle(Duration timeout) throws InterruptedException {
        return start(timeout, new InetSocketAddress("127.0.0.1", 0), false);
    }

    static FakeBinanceServer start(Duration timeout, InetSocketAddress bind, boolean tcpNoDelay)
            throws InterruptedException {
        FakeBinanceServer server = new FakeBinanceServer(bind, tcpNoDelay);
        server.start();
        if (!server.started.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("fake server did not start");
        }
        return server;
    }

    String endpoint() {
        return "ws://" + host + ":" + getPort();
    }

    @Override
    public void onStart() {
        started.countDown();
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        synchronized (connections) {
            connectionIds.put(conn, connections.size());
            connections.add(conn);
        }
        resourceDescriptors.add(handshake.getResourceDescriptor());
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        Integer id = connectionIds.get(conn);
        if (id != null) {
            closedConnections.add(id);
        }
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        int id = connectionIds.get(conn);
        long now = System.nanoTime();
        received.add(new Received(id, now, message));
        incoming.add(new Incoming(id, now, "text"));
        if (message.contains("\"SUBSCRIBE\"")) {
            Matcher streams = STREAM.matcher(message);
            Set<String> mine = subscriptions.computeIfAbsent(id, k -> Collections.synchronizedSet(new LinkedHashSet<>()));
            while (streams.find()) {
                mine.add(streams.group(1));
            }
            Matcher requestId = ID.matcher(message);
            if (requestId.find()) {
                conn.send("{\"result\":null,\"id\":" + requestId.group(1) + "}");
            }
        }
    }

    @Override
    public void onWebsocketPong(WebSocket conn, Framedata frame) {
        incoming.add(new Incoming(connectionIds.getOrDefault(conn, -1), System.nanoTime(), "pong"));
        pongPayloads.add(StandardCharsets.UTF_8.decode(frame.getPayloadData()).toString());
    }

    /** Answers the client's ping after {@link #pongDelayNanos}, or not at all when it is negative. */
    @Override
    public void onWebsocketPing(WebSocket conn, Framedata frame) {
        incoming.add(new Incoming(connectionIds.getOrDefault(conn, -1), System.nanoTime(), "ping"));
        long arrived = System.nanoTime();
        long delay = pongDelayNanos;
        if (delay == 0) {
            super.onWebsocketPing(conn, frame);
            appliedPongDelaysNanos.add(System.nanoTime() - arrived);
        } else if (delay > 0) {
            // A timer wakes up late on a busy VM, so it is set a millisecond early and the rest is spun out: the pong
            // goes out at the known delay, and the delay actually applied is recorded beside it.
            long due = arrived + delay;
            pongTimer.schedule(() -> {
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                if (conn.isOpen()) {
                    appliedPongDelaysNanos.add(System.nanoTime() - arrived);
                    super.onWebsocketPing(conn, frame);
                }
            }, Math.max(0, delay - TimeUnit.MILLISECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
        }
    }

    /** For each pong: from the ping's arrival to the moment the pong was handed to the connection. */
    final List<Long> appliedPongDelaysNanos = new CopyOnWriteArrayList<>();

    /** A pong nobody asked for: the collector must ignore it. */
    void unsolicitedPong(int connection, long payload) {
        org.java_websocket.framing.PongFrame pong = new org.java_websocket.framing.PongFrame();
        pong.setPayload(ByteBuffer.allocate(Long.BYTES).putLong(0, payload));
        connections.get(connection).sendFrame(pong);
    }

    /** Incoming messages of every kind on {@code connection}, by arrival time. */
    List<Long> incomingTimes(int connection) {
        return incoming.stream().filter(m -> m.connection() == connection).map(Incoming::nanos).sorted().toList();
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        // the collector closing or aborting is expected in these tests
    }

    int connectionCount() {
        return connections.size();
    }

    WebSocket connection(int id) {
        return connections.get(id);
    }

    /** The newest open connection subscribed to {@code symbol}'s trade stream. */
    int connectionFor(String symbol) {
        String stream = SubscriptionPlan.streamName(symbol);
        for (int id = connections.size() - 1; id >= 0; id--) {
            Set<String> subscribed = subscriptions.get(id);
            if (subscribed != null && subscribed.contains(stream) && connections.get(id).isOpen()) {
                return id;
            }
        }
        throw new IllegalStateException("no open connection subscribed to " + stream);
    }

    /** Sends a trade whose event time is now (server clock, microseconds); returns that event time. */
    long sendTrade(String symbol, long tradeId) {
        long eventUs = MicroClock.nowMicros();
        send(connectionFor(symbol), tradeFrame(symbol, tradeId, eventUs, eventUs - 7));
        return eventUs;
    }

    void send(int connection, String text) {
        connections.get(connection).send(text);
    }

    void ping(int connection, String payload) {
        PingFrame ping = new PingFrame();
        ping.setPayload(ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8)));
        connections.get(connection).sendFrame(ping);
    }

    /** A loopback port nothing listens on (bound, then released), for "connection refused". */
    static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static String tradeFrame(String symbol, long tradeId, long eventTime, long tradeTime) {
        String stream = SubscriptionPlan.streamName(symbol);
        return "{\"stream\":\"" + stream + "\",\"data\":{\"e\":\"trade\",\"E\":" + eventTime + ",\"s\":\"" + symbol
                + "\",\"t\":" + tradeId + ",\"p\":\"0.001\",\"q\":\"100\",\"T\":" + tradeTime
                + ",\"m\":true,\"M\":true}}";
    }

    /** SUBSCRIBE messages received on {@code connection}, in order. */
    List<Received> subscribes(int connection) {
        List<Received> out = new ArrayList<>();
        for (Received r : received) {
            if (r.connection() == connection && r.text().contains("\"SUBSCRIBE\"")) {
                out.add(r);
            }
        }
        return out;
    }

    /** Polls {@code condition} every 10 ms; bounded by {@code timeout}. */
    static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }

    /** Some connection has subscribed to exactly {@code streams} streams (whichever connected first). */
    boolean anySubscribed(int streams) {
        return subscriptions.values().stream().anyMatch(s -> s.size() == streams);
    }

    boolean subscribedCount(int connection, int streams) {
        Set<String> s = subscriptions.get(connection);
        return s != null && s.size() == streams;
    }

    @Override
    public void close() throws InterruptedException {
        pongTimer.shutdownNow();
        stop(1000);
    }
}
