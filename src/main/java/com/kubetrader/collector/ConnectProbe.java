package com.kubetrader.collector;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Times a TCP connect and then, for wss, a TLS handshake to an endpoint's host: round trips that need no clock
 * agreement. A plain socket, because the JDK WebSocket client does not expose its own connect timings. The probe
 * opens and closes a socket and sends no HTTP request, so no WebSocket connection is counted against Binance's
 * 300 connections per 5 minutes.
 */
final class ConnectProbe {

    static final int TIMEOUT_MILLIS = 5_000;

    private final Endpoint endpoint;
    private final RttWriter rtt;
    private final CollectorLog log;

    ConnectProbe(Endpoint endpoint, RttWriter rtt, CollectorLog log) {
        this.endpoint = endpoint;
        this.rtt = rtt;
        this.log = log;
    }

    /** One probe; a failure is a row with no RTT and a log line with the cause. */
    void probe() {
        String host = endpoint.base().getHost();
        long connectSentUs = MicroClock.nowMicros();
        long t0 = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, endpoint.port()), TIMEOUT_MILLIS);
            long connectUs = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0);
            rtt.write(endpoint.label(), null, RttWriter.Kind.TCP_CONNECT, connectSentUs, connectUs);
            if (!endpoint.tls()) {
                return;
            }
            long handshakeSentUs = MicroClock.nowMicros();
            long t1 = System.nanoTime();
            try (SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                    .createSocket(socket, host, endpoint.port(), false)) {
                tls.setSoTimeout(TIMEOUT_MILLIS);
                tls.startHandshake();
                rtt.write(endpoint.label(), null, RttWriter.Kind.TLS_HANDSHAKE, handshakeSentUs,
                        TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t1));
            } catch (IOException e) {
                rtt.write(endpoint.label(), null, RttWriter.Kind.TLS_HANDSHAKE, handshakeSentUs, null);
                log.info("probe of " + host + ":" + endpoint.port() + " TLS handshake failed: " + Failures.describe(e));
            }
        } catch (IOException e) {
            rtt.write(endpoint.label(), null, RttWriter.Kind.TCP_CONNECT, connectSentUs, null);
            log.info("probe of " + host + ":" + endpoint.port() + " could not connect: " + Failures.describe(e));
        }
    }
}
