package com.kubetrader.collector;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The floor the collector is measured against: the least a reader can do and still stamp a trade's arrival.
 * One blocking socket, the WebSocket upgrade, one SUBSCRIBE, then read, stamp the wall clock as soon as
 * {@code read} returns, and find each text frame's {@code "E":}. No probes, no parser, no CSV, no other thread:
 * the latencies stay in an array and are written once, at the end, as {@code event_time_us,latency_us}.
 * Written apart from the collector on purpose, so a slow path in one cannot hide in both. Bench only.
 *
 * <p>Arguments: {@code <ws://host:port> <SYMBOL,...> <seconds> <out.csv>}
 */
public final class FloorReader {

    private FloorReader() {
    }

    /** Set by SIGTERM: the benchmark ends a run as soon as its trades are sent. */
    private static volatile boolean stopped;

    public static void main(String[] args) throws Exception {
        Thread mainThread = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped = true;
            try {
                mainThread.join(5_000); // let the loop end and the file be written
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        URI base = URI.create(args[0]);
        List<String> symbols = List.of(args[1].split(","));
        long endNanos = System.nanoTime() + (long) (Double.parseDouble(args[2]) * 1e9);
        Path out = Path.of(args[3]);
        long[] events = new long[1 << 16];
        long[] latencies = new long[1 << 16];
        int n = 0;
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            OutputStream os = socket.getOutputStream();
            InputStream is = socket.getInputStream();
            os.write(("GET /stream?timeUnit=MICROSECOND HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            os.flush();
            int last4 = 0; // the response ends at the first empty line; no byte after it is read here
            while (last4 != 0x0d0a0d0a) {
                int b = is.read();
                if (b < 0) {
                    throw new IOException("the server closed the connection during the upgrade");
                }
                last4 = (last4 << 8) | b;
            }
            StringBuilder params = new StringBuilder();
            for (String s : symbols) {
                params.append(params.length() == 0 ? "" : ",").append('"').append(SubscriptionPlan.streamName(s))
                        .append('"');
            }
            byte[] text = ("{\"method\":\"SUBSCRIBE\",\"params\":[" + params + "],\"id\":1}")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] frame = new byte[text.length + 8];
            frame[0] = (byte) 0x81;
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (text.length >> 8);
            frame[3] = (byte) text.length; // mask key 0,0,0,0 at 4..7: the payload goes as it is
            System.arraycopy(text, 0, frame, 8, text.length);
            os.write(frame);
            os.flush();

            socket.setSoTimeout(200);
            byte[] buf = new byte[1 << 20];
            int start = 0;
            int end = 0;
            while (System.nanoTime() < endNanos && !stopped) {
                int r;
                try {
                    r = is.read(buf, end, buf.length - end);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                long nowUs = MicroClock.nowMicros();
                if (r < 0) {
                    break;
                }
                end += r;
                while (end - start >= 2) {
                    int len = buf[start + 1] & 0x7f;
                    int header = 2;
                    if (len == 126) {
                        if (end - start < 4) {
                            break;
                        }
                        len = ((buf[start + 2] & 0xff) << 8) | (buf[start + 3] & 0xff);
                        header = 4;
                    } else if (len == 127) {
                        throw new IOException("frame longer than 64 KiB");
                    }
                    if (end - start < header + len) {
                        break;
                    }
                    if ((buf[start] & 0x0f) == 1) {
                        long e = eventTime(buf, start + header, start + header + len);
                        if (e > 0) {
                            if (n == events.length) {
                                events = Arrays.copyOf(events, n * 2);
                                latencies = Arrays.copyOf(latencies, n * 2);
                            }
                            events[n] = e;
                            latencies[n++] = nowUs - e;
                        }
                    }
                    start += header + len;
                }
                if (start == end) {
                    start = 0;
                    end = 0;
                } else if (buf.length - end < (1 << 16)) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                }
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.US_ASCII)) {
            w.write("event_time_us,latency_us\n");
            for (int i = 0; i < n; i++) {
                w.write(events[i] + "," + latencies[i] + "\n");
            }
        }
    }

    /** The digits after the first {@code "E":} in buf[from, to), or -1. */
    static long eventTime(byte[] buf, int from, int to) {
        for (int i = from; i + 4 < to; i++) {
            if (buf[i] == '"' && buf[i + 1] == 'E' && buf[i + 2] == '"' && buf[i + 3] == ':') {
                long v = 0;
                int j = i + 4;
                for (; j < to && buf[j] >= '0' && buf[j] <= '9'; j++) {
                    v = v * 10 + (buf[j] - '0');
                }
                return j > i + 4 ? v : -1;
            }
        }
        return -1;
    }
}
