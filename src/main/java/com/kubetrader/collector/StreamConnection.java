package com.kubetrader.collector;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One logical Binance connection: a supervisor thread that connects, subscribes its batches
 * (paced under Binance's 5 messages per second), pings for round-trip time, waits for the connection to be lost,
 * and reconnects with capped, jittered exponential backoff. Each interruption after a successful
 * subscription is a gap, logged with its start and end in ISO-8601 UTC microseconds.
 *
 * <p>Round trips: every ping interval the connection sends a WebSocket ping whose 8-byte payload is a sequence
 * number, timed with the monotonic clock; the matching pong's RTT goes to rtt.csv. A ping with no pong within
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
    private static final long SUBSCRIBE_ACK_TIMEOUT_SECONDS = 10;
    private static final long BACKOFF_INITIAL_MILLIS = 200;
    private static final long BACKOFF_MAX_MILLIS = 30_000;
    private static final int LOGGED_MALFORMED_EXAMPLES = 5;

    private final int index;
    private final String endpoint;
    private final URI uri;
    private final List<List<String>> batches;
    private final HttpClient http;
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

    public StreamConnection(int index, String endpoint, URI uri, List<List<String>> batches, HttpClient http,
                            FrameSink sink, CollectorLog log, CollectorStats stats, Pinging pinging) {
        this.index = index;
        this.endpoint = endpoint;
        this.pinging = pinging;
        this.uri = uri;
        this.batches = batches;
        this.http = http;
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
                session.ws = http.newWebSocketBuilder()
                        .connectTimeout(java.time.Duration.ofSeconds(CONNECT_TIMEOUT_SECONDS))
                        .buildAsync(uri, session)
                        .get(CONNECT_TIMEOUT_SECONDS + 1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException e) {
                long delay = backoff.nextMillis();
                log.info("connection " + index + " could not connect to " + uri + ": " + Failures.describe(e)
                        + "; retrying in " + delay + " ms");
                waitUnlessStopped(delay);
                continue;
            }
            stats.connectionsOpen.incrementAndGet();
            log.info("connection " + index + " open to " + uri);
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
            session.ws.abort(); // the session is finished whatever the reason; free the socket now
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
                session.ws.sendText(SubscriptionPlan.subscribeMessage(id, batch), true)
                        .get(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException | TimeoutException e) {
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
            log.info(batches.isEmpty() ? "connection " + index + " to " + endpoint + " is rtt-only: subscribes to "
                    + "nothing, pings every " + pinging.interval().toMillis() + " ms"
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
            session.ws.sendClose(WebSocket.NORMAL_CLOSURE, "collector stopping").get(1, TimeUnit.SECONDS);
            session.lost.get(1, TimeUnit.SECONDS); // the server's close reply
        } catch (Exception e) {
            // best effort; abort below either way
        }
        session.ws.abort();
    }

    /** One physical WebSocket; the JDK calls its listener methods one at a time. */
    private final class Session implements WebSocket.Listener {

        final CompletableFuture<String> lost = new CompletableFuture<>();
        final CompletableFuture<Void> subscribed = new CompletableFuture<>();
        final Set<Long> pendingReplies = ConcurrentHashMap.newKeySet();
        /** Every message this side sends on the connection, SUBSCRIBE and ping alike, takes a slot here. */
        final MessagePacer pacer = new MessagePacer(OWN_MESSAGES_PER_WINDOW, PACING_WINDOW_NANOS);
        /** Pings in flight: sequence number to {monotonic send time in ns, wall-clock send time in µs}. */
        final java.util.Map<Long, long[]> pingsInFlight = new ConcurrentHashMap<>();
        private volatile java.util.concurrent.ScheduledFuture<?> pingTask;
        private volatile CompletableFuture<WebSocket> lastPing = CompletableFuture.completedFuture(null);
        volatile WebSocket ws;
        volatile boolean allSent;
        volatile long lostAtUs;
        volatile boolean shutdownNotice;
        private final StringBuilder partial = new StringBuilder();
        private long partialRecvUs;

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long nowUs = MicroClock.nowMicros(); // first thing: the receive time excludes our own work
            if (!last) {
                // A fragment: the message was received when its first part arrived.
                if (partial.length() == 0) {
                    partialRecvUs = nowUs;
                }
                partial.append(data);
            } else if (partial.length() == 0) {
                handle(data, nowUs);
            } else {
                partial.append(data);
                handle(partial, partialRecvUs);
                partial.setLength(0);
                if (partial.capacity() > 1 << 20) {
                    partial.trimToSize();
                }
            }
            webSocket.request(1);
            return null;
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
            if (lost.isDone() || stopping()) {
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
            if (lost.isDone() || stopping() || !lastPing.isDone()) {
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
            ByteBuffer payload = ByteBuffer.allocate(Long.BYTES).putLong(0, seq);
            long sentUs = MicroClock.nowMicros();
            pingsInFlight.put(seq, new long[] {System.nanoTime(), sentUs});
            try {
                lastPing = ws.sendPing(payload);
                stats.pingsSent.increment();
            } catch (RuntimeException e) {
                pingsInFlight.remove(seq); // not sent, so neither answered nor lost
            }
        }

        private void lostPing(long[] sent) {
            stats.pingsLost.increment();
            pinging.rtt().write(endpoint, index, RttWriter.Kind.WS_PING, sent[1], null);
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            long now = System.nanoTime(); // first thing, as for trades
            long[] sent = message.remaining() == Long.BYTES ? pingsInFlight.remove(message.getLong(message.position()))
                    : null;
            if (sent == null) {
                stats.unsolicitedPongs.increment();
            } else {
                stats.pongs.increment();
                pinging.rtt().write(endpoint, index, RttWriter.Kind.WS_PING, sent[1],
                        TimeUnit.NANOSECONDS.toMicros(now - sent[0]));
            }
            webSocket.request(1);
            return null;
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
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            if (last) {
                stats.malformed.increment();
                sink.malformed(index, "binary frame");
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            // java.net.http answers every ping with a pong by itself (WebSocket javadoc: "handles
            // received Ping ... automatically"); an explicit sendPong would double the traffic.
            // That pong counts against Binance's 5 messages/s too: the pacer keeps a slot of every window for it
            // (OWN_MESSAGES_PER_WINDOW), since it cannot be delayed. Binance pings every 20 s.
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            markLost("closed by server, code " + statusCode + (reason.isEmpty() ? "" : " \"" + reason + "\""), false);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            markLost("network error: " + Failures.describe(error), false);
        }
    }

    private static String abbreviate(CharSequence text) {
        return text.length() <= 200 ? text.toString() : text.subSequence(0, 200) + "...";
    }
}
