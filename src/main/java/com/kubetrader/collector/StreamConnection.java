package com.kubetrader.collector;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One logical Binance connection: a supervisor thread that connects, subscribes its batches
 * (paced under Binance's 5 messages per second), waits for the connection to be lost, and reconnects with capped,
 * jittered exponential backoff. Each interruption after a successful subscription is a gap, logged with its start
 * and end in ISO-8601 UTC microseconds. A reader thread per physical connection reads the socket and stamps each
 * message when the read that brought it returns ({@link WebSocketConnection}).
 *
 * <p>Round trips: a connection given a {@link Pinging} (the probe connection beside an endpoint's trade connections,
 * or an rtt-only endpoint's) sends, every ping interval, a WebSocket ping whose 8-byte payload is a sequence
 * number, timed with the monotonic clock from just before the write to the read that brought the pong; the RTT goes
 * to rtt.csv. Trade connections never ping: a ping sent on a connection that carries trades puts its socket into
 * delayed-ACK mode, and a server with Nagle's algorithm on then holds trades back for up to 40 ms, and its pong
 * waits behind them (docs/collector.md has the measurements). A ping with no pong within
 * {@link #pongTimeoutNanos()} is a lost row (an empty rtt_us), never a value; so are the pings in flight when the
 * connection is lost. Pongs whose payload matches no ping in flight (unsolicited, or from an earlier session) are
 * counted and ignored.
 */
public final class StreamConnection {

    /** Slightly over a second: see {@link MessagePacer}. */
    static final long PACING_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(CollectorOptions.PACING_WINDOW_MILLIS);
    /**
     * What the collector itself may send in one pacing window: Binance's 5 less the slot kept for the pongs the
     * JDK sends by itself (it answers every server ping at once, outside any pacer).
     */
    static final int OWN_MESSAGES_PER_WINDOW =
            CollectorOptions.BINANCE_MESSAGES_PER_SECOND - CollectorOptions.SLOTS_KEPT_FOR_PONG_REPLIES;
    /** A pong later than this many ping intervals (and at least a second) means the ping was lost. */
    static final int PONG_TIMEOUT_INTERVALS = 3;
    private static final long CONNECT_TIMEOUT_SECONDS = 10;
    private static final int CONNECT_TIMEOUT_MILLIS = (int) TimeUnit.SECONDS.toMillis(CONNECT_TIMEOUT_SECONDS);
    private static final long SUBSCRIBE_ACK_TIMEOUT_SECONDS = 10;
    private static final long BACKOFF_INITIAL_MILLIS = 200;
    private static final long BACKOFF_MAX_MILLIS = 30_000;
    private static final int LOGGED_MALFORMED_EXAMPLES = 5;

    private final int index;
    private final String endpoint;
    private final URI uri;
    private final List<List<String>> batches;
    private final FrameSink sink;
    private final CollectorLog log;
    private final CollectorStats stats;
    private final TradeFrameParser parser = new TradeFrameParser();
    private final Backoff backoff = new Backoff(BACKOFF_INITIAL_MILLIS, BACKOFF_MAX_MILLIS,
            () -> ThreadLocalRandom.current().nextDouble());
    private final AtomicLong nextRequestId;
    private final CompletableFuture<Void> stopSignal = new CompletableFuture<>();
    private final AtomicLong malformedLogged = new AtomicLong();
    private final AtomicLong pingSequence = new AtomicLong();
    private final Pinging pinging;
    private final Thread supervisor;

    /** How a connection pings: the interval, the timer thread it shares with the others, and where RTTs go. */
    public record Pinging(java.time.Duration interval, java.util.concurrent.ScheduledExecutorService timers,
                          RttWriter rtt) {
    }

    /**
     * @param batches the SUBSCRIBE batches; empty for a probe connection
     * @param pinging null: this connection never pings (a trade connection, or round trips turned off)
     */
    public StreamConnection(int index, String endpoint, URI uri, List<List<String>> batches,
                            FrameSink sink, CollectorLog log, CollectorStats stats, Pinging pinging) {
        this.index = index;
        this.endpoint = endpoint;
        this.pinging = pinging;
        this.uri = uri;
        this.batches = batches;
        this.sink = sink;
        this.log = log;
        this.stats = stats;
        // Ids distinct across connections make a server log easy to read.
        this.nextRequestId = new AtomicLong(index * 1_000_000L + 1);
        this.supervisor = new Thread(this::supervise, "stream-connection-" + index);
        supervisor.setDaemon(true);
    }

    public void start() {
        supervisor.start();
    }

    /** Closes the connection (normal close, then abort) and waits for the supervisor to end. */
    public void stop() {
        stopSignal.complete(null);
        try {
            supervisor.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long pongTimeoutNanos() {
        return Math.max(TimeUnit.SECONDS.toNanos(1), PONG_TIMEOUT_INTERVALS * pinging.interval().toNanos());
    }

    private String role() {
        return pinging == null ? "" : batches.isEmpty() ? " (round-trip probe)" : "";
    }

    private boolean stopping() {
        return stopSignal.isDone();
    }

    private void supervise() {
        long gapStartUs = -1;
        String gapCause = null;
        boolean everSubscribed = false;
        while (!stopping()) {
            Session session = new Session();
            try {
                session.ws = WebSocketConnection.open(uri, CONNECT_TIMEOUT_MILLIS);
            } catch (IOException | RuntimeException e) {
                if (stopping()) {
                    break;
                }
                long delay = backoff.nextMillis();
                log.info("connection " + index + " could not connect to " + uri + ": " + Failures.describe(e)
                        + "; retrying in " + delay + " ms");
                waitUnlessStopped(delay);
                continue;
            }
            session.startReading();
            stats.connectionsOpen.incrementAndGet();
            log.info("connection " + index + role() + " open to " + uri);
            boolean subscribed = subscribe(session);
            session.startPinging();
            if (subscribed) {
                backoff.reset();
                if (everSubscribed) {
                    stats.reconnects.incrementAndGet();
                }
                everSubscribed = true;
                if (gapStartUs >= 0) {
                    logGap(gapStartUs, MicroClock.nowMicros(), gapCause);
                    gapStartUs = -1;
                }
            }
            CompletableFuture.anyOf(session.lost, stopSignal).join();
            stats.connectionsOpen.decrementAndGet();
            if (stopping()) {
                session.stopPinging(false); // pings still in flight at the end are neither answered nor lost
                closeQuietly(session);
                break;
            }
            session.stopPinging(true);
            String cause = session.lost.join();
            session.ws.close(); // the session is finished whatever the reason; free the socket now
            session.awaitReader();
            if (subscribed && gapStartUs < 0) {
                gapStartUs = session.lostAtUs;
                gapCause = cause;
                log.info("connection " + index + " lost (" + cause + "); gap starts "
                        + MicroClock.iso(gapStartUs));
            } else {
                log.info("connection " + index + " lost (" + cause + ")");
            }
            // A serverShutdown notice means "reconnect as soon as possible": no backoff.
            long delay = session.shutdownNotice ? 0 : backoff.nextMillis();
            if (delay > 0) {
                log.info("connection " + index + " reconnecting in " + delay + " ms");
            }
            waitUnlessStopped(delay);
        }
        if (gapStartUs >= 0) {
            logGap(gapStartUs, MicroClock.nowMicros(), gapCause + "; still open when the collector stopped");
        }
    }

    private void logGap(long startUs, long endUs, String cause) {
        stats.gaps.incrementAndGet();
        log.info("gap connection=" + index + " start=" + MicroClock.iso(startUs) + " end=" + MicroClock.iso(endUs)
                + " duration_ms=" + (endUs - startUs) / 1000 + " cause=\"" + cause + "\"");
    }

    /**
     * Sends every SUBSCRIBE batch, paced, then waits for the replies. Returns false if the
     * connection was lost or the collector stopped first.
     */
    private boolean subscribe(Session session) {
        for (List<String> batch : batches) {
            long waitNanos = session.pacer.reserve(System.nanoTime());
            if (waitNanos > 0) {
                waitUnlessStopped(TimeUnit.NANOSECONDS.toMillis(waitNanos) + 1);
            }
            if (stopping() || session.lost.isDone()) {
                return false;
            }
            long id = nextRequestId.getAndIncrement();
            session.pendingReplies.add(id);
            try {
                session.ws.sendText(SubscriptionPlan.subscribeMessage(id, batch));
            } catch (IOException e) {
                session.markLost("SUBSCRIBE could not be sent: " + Failures.describe(e), false);
                return false;
            }
        }
        session.allSent = true;
        session.checkSubscribed();
        try {
            CompletableFuture.anyOf(session.subscribed, session.lost, stopSignal)
                    .get(SUBSCRIBE_ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            log.info("connection " + index + ": no reply to " + session.pendingReplies.size()
                    + " SUBSCRIBE request(s) after " + SUBSCRIBE_ACK_TIMEOUT_SECONDS + " s; continuing");
            return !session.lost.isDone() && !stopping();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
        if (session.subscribed.isDone()) {
            log.info(batches.isEmpty() ? "connection " + index + " to " + endpoint + " is a round-trip probe: "
                    + "subscribes to nothing, pings every " + pinging.interval().toMillis() + " ms"
                    : "connection " + index + " subscribed to " + batches.stream().mapToInt(List::size).sum()
                    + " streams in " + batches.size() + " message(s)");
            return true;
        }
        return false;
    }

    private void waitUnlessStopped(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            stopSignal.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // waited the full time, or stop was signalled: either way carry on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeQuietly(Session session) {
        try {
            session.ws.sendClose(1000, "collector stopping");
            session.lost.get(1, TimeUnit.SECONDS); // the server's close reply
        } catch (Exception e) {
            // best effort; close below either way
        }
        session.ws.close();
        session.awaitReader();
    }

    /** One physical WebSocket and the thread that reads it; the handler methods run on that thread only. */
    private final class Session implements WebSocketConnection.Handler {

        final CompletableFuture<String> lost = new CompletableFuture<>();
        final CompletableFuture<Void> subscribed = new CompletableFuture<>();
        final Set<Long> pendingReplies = ConcurrentHashMap.newKeySet();
        /** Every message this side sends on the connection, SUBSCRIBE and ping alike, takes a slot here. */
        final MessagePacer pacer = new MessagePacer(OWN_MESSAGES_PER_WINDOW, PACING_WINDOW_NANOS);
        /** Pings in flight: sequence number to {monotonic send time in ns, wall-clock send time in µs}. */
        final java.util.Map<Long, long[]> pingsInFlight = new ConcurrentHashMap<>();
        private volatile java.util.concurrent.ScheduledFuture<?> pingTask;
        volatile WebSocketConnection ws;
        volatile boolean allSent;
        volatile long lostAtUs;
        volatile boolean shutdownNotice;
        private Thread reader;

        void startReading() {
            reader = new Thread(() -> {
                try {
                    ws.readLoop(this);
                } catch (IOException | RuntimeException e) {
                    markLost("network error: " + Failures.describe(e), false);
                }
                markLost("the connection ended", false); // after a close frame, lost is set already
            }, "stream-reader-" + index);
            reader.setDaemon(true);
            reader.start();
        }

        void awaitReader() {
            try {
                reader.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void text(CharSequence text, long recvUs, long recvNanos) {
            handle(text, recvUs);
        }

        private void handle(CharSequence text, long recvUs) {
            Frame frame = parser.parse(text);
            if (frame instanceof Frame.Trade trade) {
                stats.received.increment();
                sink.trade(trade, recvUs, index, endpoint);
            } else if (frame instanceof Frame.Reply reply) {
                pendingReplies.remove(reply.id());
                checkSubscribed();
            } else if (frame instanceof Frame.ErrorReply error) {
                log.info("connection " + index + " server error reply code=" + error.code() + " msg=\""
                        + error.message() + "\"");
            } else if (frame instanceof Frame.ServerShutdown) {
                log.info("connection " + index + " received serverShutdown; reconnecting now");
                markLost("serverShutdown event", true);
            } else if (frame instanceof Frame.MillisecondTimestamps ms) {
                sink.fatal("connection " + index + " received a trade with millisecond timestamps ("
                        + ms.symbol() + " E=" + ms.eventTime() + ", 13 digits) although " + uri
                        + " asked for timeUnit=MICROSECOND; latencies would be wrong, stopping");
                markLost("millisecond timestamps", false);
            } else if (frame instanceof Frame.Malformed malformed) {
                stats.malformed.increment();
                sink.malformed(index, malformed.reason());
                if (malformedLogged.incrementAndGet() <= LOGGED_MALFORMED_EXAMPLES) {
                    log.info("connection " + index + " malformed frame skipped (" + malformed.reason() + "): "
                            + abbreviate(text));
                }
            } else {
                stats.ignored.increment();
            }
        }

        void startPinging() {
            if (pinging == null || lost.isDone() || stopping()) {
                return;
            }
            long period = pinging.interval().toNanos();
            pingTask = pinging.timers().scheduleAtFixedRate(this::pingTick, 0, period, TimeUnit.NANOSECONDS);
        }

        /** Ends pinging; {@code countInFlightAsLost} when the connection died with them unanswered. */
        void stopPinging(boolean countInFlightAsLost) {
            var task = pingTask;
            if (task != null) {
                task.cancel(false);
            }
            for (Long seq : List.copyOf(pingsInFlight.keySet())) {
                long[] sent = pingsInFlight.remove(seq);
                if (sent != null && countInFlightAsLost) {
                    lostPing(sent);
                }
            }
        }

        private void pingTick() {
            long now = System.nanoTime();
            for (var e : pingsInFlight.entrySet()) {
                if (now - e.getValue()[0] > pongTimeoutNanos() && pingsInFlight.remove(e.getKey()) != null) {
                    lostPing(e.getValue());
                }
            }
            if (lost.isDone() || stopping()) {
                return;
            }
            long wait = pacer.reserve(now);
            if (wait == 0) {
                sendPing();
            } else {
                pinging.timers().schedule(this::sendPing, wait, TimeUnit.NANOSECONDS);
            }
        }

        private void sendPing() {
            if (lost.isDone() || stopping()) {
                return;
            }
            long seq = pingSequence.incrementAndGet();
            byte[] payload = ByteBuffer.allocate(Long.BYTES).putLong(0, seq).array();
            long sentUs = MicroClock.nowMicros();
            pingsInFlight.put(seq, new long[] {System.nanoTime(), sentUs});
            try {
                ws.sendPing(payload);
                stats.pingsSent.increment();
            } catch (IOException e) {
                pingsInFlight.remove(seq); // not sent, so neither answered nor lost
            }
        }

        private void lostPing(long[] sent) {
            stats.pingsLost.increment();
            pinging.rtt().write(endpoint, index, RttWriter.Kind.WS_PING, sent[1], null);
        }

        @Override
        public void pong(byte[] payload, long recvNanos) {
            long[] sent = payload.length == Long.BYTES
                    ? pingsInFlight.remove(ByteBuffer.wrap(payload).getLong(0)) : null;
            if (sent == null) {
                stats.unsolicitedPongs.increment();
            } else {
                stats.pongs.increment();
                pinging.rtt().write(endpoint, index, RttWriter.Kind.WS_PING, sent[1],
                        TimeUnit.NANOSECONDS.toMicros(recvNanos - sent[0]));
            }
        }

        void checkSubscribed() {
            if (allSent && pendingReplies.isEmpty()) {
                subscribed.complete(null);
            }
        }

        void markLost(String cause, boolean shutdown) {
            if (!lost.isDone()) {
                lostAtUs = MicroClock.nowMicros();
                shutdownNotice = shutdown;
                lost.complete(cause);
            }
        }

        @Override
        public void binary(int bytes) {
            stats.malformed.increment();
            sink.malformed(index, "binary frame");
        }

        @Override
        public void ping(byte[] payload) {
            // Answered already by the connection, at once and outside any pacer: that pong counts against Binance's
            // 5 messages/s too, so the pacer keeps a slot of every window for it (OWN_MESSAGES_PER_WINDOW).
            // Binance pings every 20 s.
        }

        @Override
        public void close(int code, String reason) {
            markLost("closed by server, code " + code + (reason.isEmpty() ? "" : " \"" + reason + "\""), false);
        }
    }

    private static String abbreviate(CharSequence text) {
        return text.length() <= 200 ? text.toString() : text.subSequence(0, 200) + "...";
    }
}
