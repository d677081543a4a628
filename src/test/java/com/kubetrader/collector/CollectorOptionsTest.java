package com.kubetrader.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CollectorOptionsTest {

    @TempDir
    Path dir;

    private String out() {
        return dir.resolve("trades.csv").toString();
    }

    @Nested
    class GoodArguments {

        @Test
        void usesBinanceSpotDefaultsWhenOnlySymbolsAndOutAreGiven() throws Exception {
            CollectorOptions options = CollectorOptions.parse("--symbols", "btcusdt, ETHUSDT,btcusdt", "--out", out());
            assertThat(options.endpoints()).containsExactly(
                    new Endpoint("wss://stream.binance.com:9443", URI.create("wss://stream.binance.com:9443"), false));
            assertThat(options.restEndpoint()).isEqualTo(URI.create("https://api.binance.com"));
            assertThat(options.symbols()).containsExactly("BTCUSDT", "ETHUSDT");
            assertThat(options.allSymbols()).isFalse();
            assertThat(options.duration()).isNull();
            assertThat(options.log()).isNull();
            assertThat(options.progressInterval()).isEqualTo(Duration.ofSeconds(5));
            assertThat(options.maxStreamsPerConnection()).isEqualTo(1024);
            assertThat(options.streamsPerMessage()).isEqualTo(200);
            assertThat(options.endpoints().get(0).connectUri())
                    .isEqualTo(URI.create("wss://stream.binance.com:9443/stream?timeUnit=MICROSECOND"));
            assertThat(options.pingInterval()).isEqualTo(Duration.ofSeconds(1));
            assertThat(options.probeInterval()).isEqualTo(Duration.ofSeconds(60));
            assertThat(options.rttOut()).isEqualTo(dir.resolve("trades.rtt.csv"));
            assertThat(options.overwrite()).isFalse();
        }

        @Test
        void acceptsFractionalSecondsEqualsFormAndAll() throws Exception {
            CollectorOptions options = CollectorOptions.parse("--symbols=all", "--duration-seconds=1.25",
                    "--out=" + out(), "--endpoint", "ws://127.0.0.1:9/", "--progress-seconds", "0.5");
            assertThat(options.allSymbols()).isTrue();
            assertThat(options.symbols()).isEmpty();
            assertThat(options.duration()).isEqualTo(Duration.ofMillis(1250));
            assertThat(options.progressInterval()).isEqualTo(Duration.ofMillis(500));
            assertThat(options.endpoints().get(0).connectUri())
                    .isEqualTo(URI.create("ws://127.0.0.1:9/stream?timeUnit=MICROSECOND"));
        }

        @Test
        void zeroTurnsThePingsAndTheConnectProbesOff() throws Exception {
            CollectorOptions options = CollectorOptions.parse("--symbols", "BTCUSDT", "--out", out(),
                    "--ping-interval-ms", "0", "--probe-interval-seconds", "0");
            assertThat(options.pingInterval()).isZero();
            assertThat(options.probeInterval()).isZero();
        }

        @Test
        void takesSeveralEndpointsInOrderAndAnRttOnlyOneAsGivenWithoutTheStreamPath() throws Exception {
            CollectorOptions options = CollectorOptions.parse("--symbols", "BTCUSDT", "--out", out(), "--endpoint",
                    "wss://stream.binance.com:9443, wss://data-stream.binance.vision,"
                            + "rtt-only:wss://ws-api.binance.com:443/ws-api/v3", "--ping-interval-ms", "367");
            assertThat(options.endpoints()).extracting(Endpoint::label).containsExactly(
                    "wss://stream.binance.com:9443", "wss://data-stream.binance.vision",
                    "wss://ws-api.binance.com:443/ws-api/v3");
            assertThat(options.endpoints()).extracting(Endpoint::rttOnly).containsExactly(false, false, true);
            assertThat(options.tradeEndpoints()).hasSize(2);
            assertThat(options.endpoints().get(1).connectUri())
                    .isEqualTo(URI.create("wss://data-stream.binance.vision/stream?timeUnit=MICROSECOND"));
            assertThat(options.endpoints().get(1).port()).isEqualTo(443);
            assertThat(options.endpoints().get(2).connectUri())
                    .isEqualTo(URI.create("wss://ws-api.binance.com:443/ws-api/v3"));
            assertThat(options.pingInterval()).isEqualTo(Duration.ofMillis(367));
        }

        @Test
        void namesAnEndpointWithNameEqualsUrlSoDifferentUrlsLineUpInTheCsvs() throws Exception {
            CollectorOptions options = CollectorOptions.parse("--symbols", "BTCUSDT", "--out", out(), "--endpoint",
                    "spot=ws://127.0.0.1:9/ep/spot/az/apne1-az4,rtt-only:orders=ws://127.0.0.1:9/ws-api/v3");
            assertThat(options.endpoints()).extracting(Endpoint::label).containsExactly("spot", "orders");
            assertThat(options.endpoints().get(0).connectUri())
                    .isEqualTo(URI.create("ws://127.0.0.1:9/ep/spot/az/apne1-az4/stream?timeUnit=MICROSECOND"));
            assertThat(options.endpoints().get(1).rttOnly()).isTrue();
        }

        @Test
        void namesEverySideFileFromTheStemOfOutSoTwoOutputsInOneDirectoryNeverShareOne() throws Exception {
            CollectorOptions a = CollectorOptions.parse("--symbols", "BTCUSDT", "--out", dir.resolve("a.csv").toString());
            CollectorOptions b = CollectorOptions.parse("--symbols", "BTCUSDT", "--out", dir.resolve("b.csv").toString());
            CollectorOptions bare = CollectorOptions.parse("--symbols", "BTCUSDT", "--out", dir.resolve("trades").toString());
            assertThat(a.outputs()).containsExactly(dir.resolve("a.csv"), dir.resolve("a.rtt.csv"));
            assertThat(b.outputs()).containsExactly(dir.resolve("b.csv"), dir.resolve("b.rtt.csv"));
            assertThat(bare.rttOut()).isEqualTo(dir.resolve("trades.rtt.csv"));
        }

        @Test
        void takesOverwriteAsAFlagWithoutAValue() throws Exception {
            CollectorOptions options = CollectorOptions.parse("--symbols", "BTCUSDT", "--overwrite", "--out", out());
            assertThat(options.overwrite()).isTrue();
            assertThat(options.out()).isEqualTo(dir.resolve("trades.csv"));
            assertThatThrownBy(() -> CollectorOptions.parse("--symbols", "BTCUSDT", "--out", out(), "--overwrite",
                    "--overwrite")).hasMessage("--overwrite given more than once");
        }

        @Test
        void helpListsEveryExitCodeTheCollectorCanReturn() {
            String usage = CollectorOptions.usage();
            for (int code : new int[] {Collector.EXIT_OK, Collector.EXIT_FAILURE, Collector.EXIT_USAGE,
                    Collector.EXIT_MILLISECOND_TIMESTAMPS, Collector.EXIT_NO_TRADES,
                    com.kubetrader.output.OutputLock.EXIT_LOCKED, Collector.EXIT_SIGHUP, Collector.EXIT_SIGINT,
                    Collector.EXIT_SIGTERM}) {
                assertThat(usage).as("exit code %d", code).containsPattern("(?m)(^  |, )" + code + " ");
            }
            assertThat(usage).contains("--overwrite", "<stem>.rtt.csv", "SIGINT (Ctrl-C)");
        }

        @Test
        void helpPrintsUsageAndExitsZero() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = StreamTrades.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream()), false);
            assertThat(code).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("--symbols", "--duration-seconds",
                    "--rest-endpoint", "Exit codes");
        }
    }

    /** Each row: the arguments (| separated; OUT is replaced by a writable path), then text the error must contain. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "--out|OUT; --symbols is required",
        "--symbols|BTCUSDT; --out is required",
        "--symbols|BTCUSDT|--out|OUT|--bogus|1; unknown argument '--bogus'",
        "--symbols|BTCUSDT|--out; --out needs a value",
        "--symbols|BTC-USDT|--out|OUT; --symbols 'BTC-USDT' has an invalid symbol 'BTC-USDT'",
        "--symbols|BTCUSDT,,ETHUSDT|--out|OUT; --symbols 'BTCUSDT,,ETHUSDT' has an invalid symbol ''",
        "--symbols|BTCUSDT|--out|OUT|--duration-seconds|0; --duration-seconds '0' is not valid; expected a number of seconds above 0",
        "--symbols|BTCUSDT|--out|OUT|--duration-seconds|-5; --duration-seconds '-5' is not valid",
        "--symbols|BTCUSDT|--out|OUT|--duration-seconds|ten; --duration-seconds 'ten' is not valid",
        "--symbols|BTCUSDT|--out|OUT|--duration-seconds|1.0005; at most 3 decimals",
        "--symbols|BTCUSDT|--out|OUT|--progress-seconds|0; --progress-seconds '0' is not valid",
        "--symbols|BTCUSDT|--out|OUT|--endpoint|https://stream.binance.com; --endpoint 'https://stream.binance.com' is not valid; expected a ws or wss URL",
        "--symbols|BTCUSDT|--out|OUT|--endpoint|wss://stream.binance.com:9443/stream?streams=x; --endpoint 'wss://stream.binance.com:9443/stream?streams=x' is not valid",
        "--symbols|BTCUSDT|--out|OUT|--endpoint|ws://bad host; --endpoint 'ws://bad host' is not a URL",
        "--symbols|ALL|--out|OUT|--rest-endpoint|wss://api.binance.com; --rest-endpoint 'wss://api.binance.com' is not valid; expected a http or https URL",
        "--symbols|BTCUSDT|--out|/no/such/dir/trades.csv; --out '/no/such/dir/trades.csv' is not valid; its directory /no/such/dir does not exist",
        "--symbols|BTCUSDT|--out|OUT|--max-streams-per-connection|1025; --max-streams-per-connection '1025' is not valid; expected a whole number from 1 to 1024",
        "--symbols|BTCUSDT|--out|OUT|--streams-per-message|0; --streams-per-message '0' is not valid; expected a whole number from 1 to 1024",
        "--symbols|BTCUSDT|--symbols|ETHUSDT|--out|OUT; --symbols given more than once",
        "--symbols|BTCUSDT|--out|OUT|--endpoint|wss://a.example,wss://b.example,wss://a.example/; lists wss://a.example/ twice",
        "--symbols|BTCUSDT|--out|OUT|--endpoint|wss://a.example,rtt-only:wss://a.example; lists wss://a.example twice",
        "--symbols|BTCUSDT|--out|OUT|--endpoint|rtt-only:wss://ws-api.binance.com/ws-api/v3; has only rtt-only endpoints; at least one must stream trades",
        "--symbols|BTCUSDT|--out|OUT|--endpoint|wss://a.example,; has an empty entry",
        "--symbols|BTCUSDT|--out|OUT|--endpoint|x=wss://a.example,x=wss://b.example; names x twice",
        "--symbols|BTCUSDT|--out|OUT|--ping-interval-ms|200; --ping-interval-ms '200' does not fit Binance's limit of 5 incoming messages per second per connection (pings, pongs and SUBSCRIBE all count): a ping every 200 ms puts 6 pings in the collector's 1100 ms pacing window, and 5 - 1 (pong replies) - 1 (SUBSCRIBE) = 3 slots are left for pings; use at least 367 ms",
        "--symbols|BTCUSDT|--out|OUT|--ping-interval-ms|366; a ping every 366 ms puts 4 pings",
        "--symbols|BTCUSDT|--out|OUT|--ping-interval-ms|-1; --ping-interval-ms '-1' is not valid; expected a whole number from 0 to 60000",
        "--symbols|BTCUSDT|--out|OUT|--ping-interval-ms|0|--endpoint|wss://a.example,rtt-only:wss://b.example; --ping-interval-ms 0 turns round trips off, but --endpoint lists rtt-only:wss://b.example, which is there only for them",
        "--symbols|BTCUSDT|--out|OUT|--probe-interval-seconds|1; --probe-interval-seconds '1' is not valid; expected 0 (no connect probes) or a whole number of seconds from 5 to 3600"})
    void rejectsBadArgumentsNamingTheFlagTheValueAndWhatIsValidWithExitCodeTwo(String args, String expected) {
        List<String> argv = new ArrayList<>();
        for (String arg : args.split("\\|")) {
            argv.add(arg.equals("OUT") ? out() : arg);
        }
        String[] array = argv.toArray(String[]::new);
        assertThatThrownBy(() -> CollectorOptions.parse(array)).isInstanceOf(UsageException.class)
                .hasMessageContaining(expected);

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = StreamTrades.run(array, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        assertThat(code).isEqualTo(Collector.EXIT_USAGE).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("stream-trades: error: ").contains(expected)
                .contains("--help");
    }
}
