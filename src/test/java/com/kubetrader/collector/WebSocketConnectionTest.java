package com.kubetrader.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The collector's WebSocket reader against a server on 127.0.0.1 that writes exactly the bytes a test gives it, so
 * frame boundaries, read boundaries and protocol errors are the test's to choose.
 */
@Timeout(10)
class WebSocketConnectionTest {

    /** Accepts one client, answers its upgrade (or not), then runs {@code script} on the raw streams. */
    private static final class ScriptedServer implements AutoCloseable {
        final ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        final CompletableFuture<byte[]> received = new CompletableFuture<>();
        final Thread thread;

        ScriptedServer(boolean honestAccept, Script script) throws IOException {
            thread = new Thread(() -> {
                try (Socket s = listener.accept()) {
                    s.setTcpNoDelay(true);
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    StringBuilder head = new StringBuilder();
                    int last4 = 0;
                    while (last4 != 0x0d0a0d0a) {
                        int b = in.read();
                        head.append((char) b);
                        last4 = (last4 << 8) | b;
                    }
                    String key = head.toString().lines().filter(l -> l.startsWith("Sec-WebSocket-Key: "))
                            .findFirst().orElseThrow().substring(19).strip();
                    out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + (honestAccept ? WebSocketConnection.expectedAccept(key)
                            : "bm90IHRoZSByaWdodCBvbmU=") + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    script.run(in, out);
                    ByteArrayOutputStream rest = new ByteArrayOutputStream();
                    s.setSoTimeout(500);
                    try {
                        in.transferTo(rest);
                    } catch (IOException timeout) {
                        // the client keeps its end open; what came so far is what it sent
                    }
                    received.complete(rest.toByteArray());
                } catch (Exception e) {
                    received.completeExceptionally(e);
                }
            }, "scripted-server");
            thread.setDaemon(true);
            thread.start();
        }

        URI uri() {
            return URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/stream?timeUnit=MICROSECOND");
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }

    private interface Script {
        void run(InputStream in, OutputStream out) throws Exception;
    }

    /** What the reader handed over, in order. */
    private static final class Recorder implements WebSocketConnection.Handler {
        final List<String> events = new ArrayList<>();
        final List<Long> textStampsUs = new ArrayList<>();

        @Override
        public void text(CharSequence text, long recvUs, long recvNanos) {
            events.add("text:" + text);
            textStampsUs.add(recvUs);
        }

        @Override
        public void binary(int bytes) {
            events.add("binary:" + bytes);
        }

        @Override
        public void ping(byte[] payload) {
            events.add("ping:" + new String(payload, StandardCharsets.US_ASCII));
        }

        @Override
        public void pong(byte[] payload, long recvNanos) {
            events.add("pong:" + new String(payload, StandardCharsets.US_ASCII));
        }

        @Override
        public void close(int code, String reason) {
            events.add("close:" + code + ":" + reason);
        }
    }

    /** An unmasked server frame. */
    static byte[] frame(boolean fin, int opcode, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write((fin ? 0x80 : 0) | opcode);
        int n = payload.length;
        if (n < 126) {
            f.write(n);
        } else if (n < 65_536) {
            f.write(126);
            f.write(n >> 8);
            f.write(n);
        } else {
            f.write(127);
            for (int i = 7; i >= 0; i--) {
                f.write((int) ((long) n >>> (8 * i)));
            }
        }
        f.writeBytes(payload);
        return f.toByteArray();
    }

    static byte[] text(boolean fin, int opcode, String s) {
        return frame(fin, opcode, s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] close(int code) {
        return frame(true, 8, new byte[] {(byte) (code >> 8), (byte) code, 'b', 'y', 'e'});
    }

    private static Recorder readAll(ScriptedServer server) throws IOException {
        Recorder r = new Recorder();
        try (WebSocketConnection ws = WebSocketConnection.open(server.uri(), 2_000)) {
            ws.readLoop(r);
        }
        return r;
    }

    /** Masked client frames back to opcode:payload text, the way a server reads them. */
    static List<String> clientFrames(byte[] bytes) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i + 6 <= bytes.length) {
            int opcode = bytes[i] & 0x0f;
            assertThat(bytes[i + 1] & 0x80).as("every client frame is masked").isNotZero();
            int len = bytes[i + 1] & 0x7f;
            byte[] mask = {bytes[i + 2], bytes[i + 3], bytes[i + 4], bytes[i + 5]};
            byte[] payload = new byte[len];
            for (int k = 0; k < len; k++) {
                payload[k] = (byte) (bytes[i + 6 + k] ^ mask[k & 3]);
            }
            out.add(opcode + ":" + (opcode == 8 ? HexFormat.of().formatHex(payload)
                    : new String(payload, StandardCharsets.UTF_8)));
            i += 6 + len;
        }
        return out;
    }

    @Nested
    class Messages {

        @Test
        void deliversShortMediumAndLongFramesWholeWhateverTheirLengthEncoding() throws Exception {
            String medium = "m".repeat(300);
            String large = "L".repeat(70_000);
            try (ScriptedServer server = new ScriptedServer(true, (in, out) -> {
                out.write(text(true, 1, "short"));
                out.write(text(true, 1, medium));
                out.write(text(true, 1, large));
                out.write(frame(true, 2, new byte[5]));
                out.write(close(1000));
                out.flush();
            })) {
                Recorder r = readAll(server);
                assertThat(r.events).containsExactly("text:short", "text:" + medium, "text:" + large, "binary:5",
                        "close:1000:bye");
                assertThat(clientFrames(server.received.get(5, TimeUnit.SECONDS)))
                        .as("the close is answered with the same code").containsExactly("8:03e8");
            }
        }

        @Test
        void assemblesAFragmentedMessageAndAnswersAPingThatArrivesBetweenItsFragments() throws Exception {
            try (ScriptedServer server = new ScriptedServer(true, (in, out) -> {
                out.write(text(false, 1, "{\"a\":"));
                out.write(text(false, 9, "hi"));
                out.write(text(false, 0, "1,\"b\":"));
                out.write(text(true, 0, "2}"));
                out.write(text(true, 10, "42"));
                out.write(close(1001));
                out.flush();
            })) {
                Recorder r = readAll(server);
                assertThat(r.events).containsExactly("ping:hi", "text:{\"a\":1,\"b\":2}", "pong:42", "close:1001:bye");
                assertThat(clientFrames(server.received.get(5, TimeUnit.SECONDS))).containsExactly("10:hi", "8:03e9");
            }
        }

        @Test
        void stampsAMessageWithTheReadThatBroughtItsFirstByteNotTheOneThatCompletedIt() throws Exception {
            byte[] whole = text(true, 1, "{\"late\":true}");
            try (ScriptedServer server = new ScriptedServer(true, (in, out) -> {
                out.write(text(true, 1, "first"));
                out.write(whole, 0, 5); // the second message starts in the same write as the first...
                out.flush();
                Thread.sleep(150);
                out.write(whole, 5, whole.length - 5); // ...and ends 150 ms later
                out.write(close(1000));
                out.flush();
            })) {
                long before = MicroClock.nowMicros();
                Recorder r = readAll(server);
                assertThat(r.events).startsWith("text:first", "text:{\"late\":true}");
                assertThat(r.textStampsUs.get(1) - r.textStampsUs.get(0)).as("µs between the two stamps")
                        .isLessThan(100_000);
                assertThat(r.textStampsUs.get(0)).isGreaterThanOrEqualTo(before);
            }
        }

        @Test
        void sendsMaskedTextAndPingFramesAndAFinalClose() throws Exception {
            try (ScriptedServer server = new ScriptedServer(true, (in, out) -> Thread.sleep(300))) {
                try (WebSocketConnection ws = WebSocketConnection.open(server.uri(), 2_000)) {
                    ws.sendText("{\"method\":\"SUBSCRIBE\"}");
                    ws.sendPing("12345678".getBytes(StandardCharsets.US_ASCII));
                    ws.sendClose(1000, "done");
                    ws.sendClose(1000, "twice"); // only once
                    assertThatThrownBy(() -> ws.sendText("after close")).isInstanceOf(IOException.class);
                }
                assertThat(clientFrames(server.received.get(5, TimeUnit.SECONDS))).containsExactly(
                        "1:{\"method\":\"SUBSCRIBE\"}", "9:12345678", "8:03e8646f6e65");
            }
        }
    }

    @Nested
    class BrokenStreams {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "a masked server frame|81 82 00 00 00 00 68 69|masked frame",
            "reserved bits set|c1 02 68 69|reserved bits",
            "a continuation outside a message|80 02 68 69|continuation frame outside a message",
            "a new message inside a fragmented one|01 01 68 81 01 69|new message inside a fragmented one",
            "an unknown opcode|83 00|unknown opcode 3",
            "a frame longer than 16 MiB|81 7f 00 00 00 00 7f 00 00 00|more than 16777216",
            "the connection ending without a close frame|81 02 68|without a close frame"})
        void endsTheReadWithAnErrorNamingWhatTheServerDid(String what, String hex, String message) throws Exception {
            byte[] bytes = HexFormat.ofDelimiter(" ").parseHex(hex);
            try (ScriptedServer server = new ScriptedServer(true, (in, out) -> {
                out.write(bytes);
                out.flush();
                Thread.sleep(100);
                throw new IOException("the script closes the connection here");
            })) {
                assertThatThrownBy(() -> readAll(server)).as(what).isInstanceOf(IOException.class)
                        .hasMessageContaining(message);
            }
        }

        @Test
        void refusesAnUpgradeWhoseAcceptDoesNotMatchTheKey() throws Exception {
            try (ScriptedServer server = new ScriptedServer(false, (in, out) -> { })) {
                assertThatThrownBy(() -> WebSocketConnection.open(server.uri(), 2_000))
                        .isInstanceOf(IOException.class).hasMessageContaining("Sec-WebSocket-Accept")
                        .hasMessageContaining("does not match the key sent");
            }
        }
    }
}
