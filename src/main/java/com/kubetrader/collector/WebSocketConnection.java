package com.kubetrader.collector;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketOption;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One WebSocket client connection (RFC 6455) over a blocking socket, read by one thread.
 *
 * <p>Why not {@code java.net.http.WebSocket}: it reads on a selector thread and hands every message to another
 * thread before the listener can take its receive time, and it hides its socket. Here the reading thread takes the
 * wall clock the moment {@code read} returns, before looking at a byte, as the floor reader in the benchmark does;
 * and the socket is ours, so after every write the connection can leave the kernel's delayed-ACK ("ping-pong")
 * mode with {@code TCP_QUICKACK} (see {@link #quickAck()}).
 *
 * <p>Writes (text, ping, pong, close) come from several threads and are serialised here; each frame is masked, as
 * the protocol requires of a client, and written with one call.
 */
final class WebSocketConnection implements AutoCloseable {

    /** What the reading thread hands over. Called on that thread only; keep it quick. */
    interface Handler {

        /**
         * A complete text message; {@code recvUs} and {@code recvNanos} are the wall clock and monotonic clock
         * taken when the read that brought its first byte returned.
         */
        void text(CharSequence text, long recvUs, long recvNanos);

        void binary(int bytes);

        /** A ping from the server: the connection has answered it already. */
        void ping(byte[] payload);

        void pong(byte[] payload, long recvNanos);

        /** The server's close frame; the connection has answered it already. */
        void close(int code, String reason);
    }

    static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** Binance frames are a few hundred bytes; anything this large is a broken stream, not a message. */
    static final int MAX_MESSAGE_BYTES = 16 << 20;
    private static final int OP_CONTINUATION = 0;
    private static final int OP_TEXT = 1;
    private static final int OP_BINARY = 2;
    private static final int OP_CLOSE = 8;
    private static final int OP_PING = 9;
    private static final int OP_PONG = 10;

    private final Socket tcp;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final SocketOption<Boolean> quickAck;
    private final Object writeLock = new Object();
    private volatile boolean closeSent;

    private WebSocketConnection(Socket tcp, Socket socket, InputStream in, OutputStream out) {
        this.tcp = tcp;
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.quickAck = QuickAck.option(tcp);
    }

    /**
     * Connects (TCP, then TLS for wss with the host name checked against the certificate), and upgrades to a
     * WebSocket at {@code uri}'s path and query. Every step is bounded by {@code timeoutMillis}.
     */
    static WebSocketConnection open(URI uri, int timeoutMillis) throws IOException {
        boolean tls = "wss".equalsIgnoreCase(uri.getScheme());
        String host = uri.getHost();
        String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
        Socket tcp = new Socket();
        Socket socket = tcp;
        try {
            tcp.setTcpNoDelay(true); // our frames are small and must not wait for an ACK
            tcp.connect(new InetSocketAddress(bareHost, port), timeoutMillis);
            tcp.setSoTimeout(timeoutMillis);
            if (tls) {
                SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                        .createSocket(tcp, bareHost, port, true);
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                if (!bareHost.contains(":") && !bareHost.matches("[0-9.]+")) {
                    params.setServerNames(java.util.List.of(new SNIHostName(bareHost)));
                }
                ssl.setSSLParameters(params);
                ssl.startHandshake();
                socket = ssl;
            }
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            upgrade(uri, host, port, tls, in, out);
            socket.setSoTimeout(0); // from here the reader blocks until data, a close, or close() from another thread
            return new WebSocketConnection(tcp, socket, in, out);
        } catch (IOException | RuntimeException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw e;
        }
    }

    private static void upgrade(URI uri, String host, int port, boolean tls, InputStream in, OutputStream out)
            throws IOException {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        boolean defaultPort = port == (tls ? 443 : 80);
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + host + (defaultPort ? "" : ":" + port) + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                + "User-Agent: kubetrader-stream-trades\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        // The response ends at the first empty line; read it a byte at a time so no frame byte is taken with it.
        StringBuilder head = new StringBuilder();
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the connection before answering the WebSocket upgrade");
            }
            if (head.length() > 16_384) {
                throw new IOException("the server's answer to the WebSocket upgrade has no end of headers");
            }
            head.append((char) b);
            last4 = (last4 << 8) | b;
        }
        String[] lines = head.toString().split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[1].equals("101")) {
            throw new IOException("the server refused the WebSocket upgrade: " + lines[0].strip());
        }
        String accept = null;
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-accept")) {
                accept = line.substring(colon + 1).trim();
            }
        }
        if (!expectedAccept(key).equals(accept)) {
            throw new IOException("the server's Sec-WebSocket-Accept " + accept + " does not match the key sent");
        }
    }

    static String expectedAccept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return Base64.getEncoder().encodeToString(sha1.digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JDK", e);
        }
    }

    /**
     * Reads until the connection ends, handing every message over. Returns normally after the server's close frame;
     * throws when the socket fails or is closed, or the stream breaks the protocol.
     */
    void readLoop(Handler handler) throws IOException {
        byte[] buf = new byte[1 << 18];
        int start = 0;
        int end = 0;
        long readUs = 0;
        long readNanos = 0;
        // the stamps of the read that brought the first byte of the frame (or fragmented message) being assembled
        long frameUs = 0;
        long frameNanos = 0;
        ByteArrayOutputStream fragments = null;
        long fragmentsUs = 0;
        long fragmentsNanos = 0;
        int fragmentsOpcode = 0;
        while (true) {
            if (end == buf.length) {
                if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                } else {
                    buf = java.util.Arrays.copyOf(buf, Math.min(MAX_MESSAGE_BYTES + 16, buf.length * 2));
                }
            }
            int n = in.read(buf, end, buf.length - end);
            readUs = MicroClock.nowMicros(); // first thing: the floor reader stamps here too
            readNanos = System.nanoTime();
            if (n < 0) {
                throw new IOException("the server closed the connection without a close frame");
            }
            if (start == end) {
                frameUs = readUs;
                frameNanos = readNanos;
            }
            end += n;
            while (true) {
                int avail = end - start;
                if (avail < 2) {
                    break;
                }
                int b0 = buf[start] & 0xff;
                int b1 = buf[start + 1] & 0xff;
                boolean fin = (b0 & 0x80) != 0;
                int opcode = b0 & 0x0f;
                if ((b0 & 0x70) != 0) {
                    throw new IOException("the server sent a frame with reserved bits set (no extension was agreed)");
                }
                if ((b1 & 0x80) != 0) {
                    throw new IOException("the server sent a masked frame, which the protocol forbids");
                }
                long len = b1 & 0x7f;
                int header = 2;
                if (len == 126) {
                    if (avail < 4) {
                        break;
                    }
                    len = ((buf[start + 2] & 0xffL) << 8) | (buf[start + 3] & 0xffL);
                    header = 4;
                } else if (len == 127) {
                    if (avail < 10) {
                        break;
                    }
                    len = 0;
                    for (int i = 2; i < 10; i++) {
                        len = (len << 8) | (buf[start + i] & 0xffL);
                    }
                    header = 10;
                }
                if (len > MAX_MESSAGE_BYTES) {
                    throw new IOException("the server sent a frame of " + len + " bytes, more than "
                            + MAX_MESSAGE_BYTES + "; not a Binance message");
                }
                if (avail < header + len) {
                    if (header + len > buf.length) {
                        // grows on the next pass: the frame is bigger than the buffer
                        buf = java.util.Arrays.copyOf(buf, (int) Math.max(buf.length * 2L, header + len + 16));
                    }
                    break;
                }
                int payload = start + header;
                int length = (int) len;
                start += header + length;
                switch (opcode) {
                    case OP_TEXT, OP_BINARY -> {
                        if (fragments != null) {
                            throw new IOException("the server began a new message inside a fragmented one");
                        }
                        if (fin) {
                            deliver(handler, opcode, buf, payload, length, frameUs, frameNanos);
                        } else {
                            fragments = new ByteArrayOutputStream(Math.max(256, length * 2));
                            fragments.write(buf, payload, length);
                            fragmentsUs = frameUs;
                            fragmentsNanos = frameNanos;
                            fragmentsOpcode = opcode;
                        }
                    }
                    case OP_CONTINUATION -> {
                        if (fragments == null) {
                            throw new IOException("the server sent a continuation frame outside a message");
                        }
                        if (fragments.size() + length > MAX_MESSAGE_BYTES) {
                            throw new IOException("the server sent a message of more than " + MAX_MESSAGE_BYTES
                                    + " bytes; not a Binance message");
                        }
                        fragments.write(buf, payload, length);
                        if (fin) {
                            byte[] whole = fragments.toByteArray();
                            fragments = null;
                            deliver(handler, fragmentsOpcode, whole, 0, whole.length, fragmentsUs, fragmentsNanos);
                        }
                    }
                    case OP_PING -> {
                        byte[] data = java.util.Arrays.copyOfRange(buf, payload, payload + length);
                        send(OP_PONG, data);
                        handler.ping(data);
                    }
                    case OP_PONG -> handler.pong(java.util.Arrays.copyOfRange(buf, payload, payload + length),
                            frameNanos);
                    case OP_CLOSE -> {
                        int code = length >= 2 ? ((buf[payload] & 0xff) << 8) | (buf[payload + 1] & 0xff) : 1005;
                        String reason = length > 2
                                ? new String(buf, payload + 2, length - 2, StandardCharsets.UTF_8) : "";
                        try {
                            sendClose(code == 1005 ? 1000 : code, "");
                        } catch (IOException e) {
                            // the server may have gone already; its close is what matters
                        }
                        handler.close(code, reason);
                        return;
                    }
                    default -> throw new IOException("the server sent a frame with unknown opcode " + opcode);
                }
                // the next frame's first byte came with the latest read: every earlier byte is parsed by now
                frameUs = readUs;
                frameNanos = readNanos;
            }
            if (start == end) {
                start = 0;
                end = 0;
            }
        }
    }

    private static void deliver(Handler handler, int opcode, byte[] buf, int off, int len, long us, long nanos) {
        if (opcode == OP_TEXT) {
            handler.text(new String(buf, off, len, StandardCharsets.UTF_8), us, nanos);
        } else {
            handler.binary(len);
        }
    }

    void sendText(String text) throws IOException {
        send(OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    void sendPing(byte[] payload) throws IOException {
        send(OP_PING, payload);
    }

    /** Sends a close frame once; later calls do nothing. */
    void sendClose(int code, String reason) throws IOException {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + Math.min(r.length, 123)];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(r, 0, payload, 2, payload.length - 2);
        synchronized (writeLock) {
            if (closeSent) {
                return;
            }
            closeSent = true;
            write(OP_CLOSE, payload);
        }
    }

    private void send(int opcode, byte[] payload) throws IOException {
        synchronized (writeLock) {
            if (closeSent) {
                throw new IOException("the connection is closing");
            }
            write(opcode, payload);
        }
    }

    private void write(int opcode, byte[] payload) throws IOException {
        int len = payload.length;
        int header = len < 126 ? 2 : len < 65_536 ? 4 : 10;
        byte[] frame = new byte[header + 4 + len];
        frame[0] = (byte) (0x80 | opcode);
        if (len < 126) {
            frame[1] = (byte) (0x80 | len);
        } else if (len < 65_536) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (len >> 8);
            frame[3] = (byte) len;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) len >>> (56 - 8 * i));
            }
        }
        int mask = ThreadLocalRandom.current().nextInt();
        for (int i = 0; i < 4; i++) {
            frame[header + i] = (byte) (mask >>> (24 - 8 * i));
        }
        for (int i = 0; i < len; i++) {
            frame[header + 4 + i] = (byte) (payload[i] ^ frame[header + (i & 3)]);
        }
        out.write(frame);
        out.flush();
        quickAck();
    }

    /**
     * Leaves delayed-ACK mode at once. Linux enters it ("ping-pong" mode) when this side sends shortly after it
     * received, expecting to carry the ACK on the answer; a server with Nagle's algorithm on then holds its next small
     * frame until that delayed ACK, up to 40 ms. Called after every write; a no-op where TCP_QUICKACK is not offered.
     */
    void quickAck() {
        QuickAck.set(tcp, quickAck);
    }

    /** True when this platform lets the connection leave delayed-ACK mode (Linux). */
    boolean quickAckSupported() {
        return quickAck != null;
    }

    /** Closes the socket at once; the reading thread's read fails and the loop ends. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** jdk.net's TCP_QUICKACK, looked up by name so the collector runs on any JDK and OS. */
    static final class QuickAck {

        private QuickAck() {
        }

        @SuppressWarnings("unchecked")
        static SocketOption<Boolean> option(Socket socket) {
            for (SocketOption<?> o : socket.supportedOptions()) {
                if (o.name().equals("TCP_QUICKACK") && o.type() == Boolean.class) {
                    return (SocketOption<Boolean>) o;
                }
            }
            return null;
        }

        static void set(Socket socket, SocketOption<Boolean> option) {
            if (option == null) {
                return;
            }
            try {
                socket.setOption(option, true);
            } catch (IOException | UnsupportedOperationException e) {
                // the socket is closing, or the option went away: nothing to leave
            }
        }
    }
}
