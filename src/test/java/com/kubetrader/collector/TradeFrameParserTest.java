package com.kubetrader.collector;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TradeFrameParserTest {

    private final TradeFrameParser parser = new TradeFrameParser();

    @Nested
    class Trades {

        @Test
        void readsSymbolTradeIdAndBothMicrosecondTimestampsFromTheCombinedStreamFrame() {
            Frame frame = parser.parse("{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1672515782136001,"
                    + "\"s\":\"BTCUSDT\",\"t\":12345,\"p\":\"0.001\",\"q\":\"100\",\"T\":1672515782135002,"
                    + "\"m\":true,\"M\":true}}");
            assertThat(frame).isEqualTo(new Frame.Trade("BTCUSDT", 12345, 1672515782136001L, 1672515782135002L));
        }

        @Test
        void acceptsWhitespaceEscapesAndUnknownNestedFieldsInAnyOrder() {
            Frame frame = parser.parse(" { \"data\" : { \"x\" : [1, {\"y\": null}], \"T\":1672515782135000,"
                    + " \"t\" : 9, \"s\":\"ETH\\u0042TC\", \"E\" : 1672515782136000 , \"e\":\"trade\" },"
                    + " \"stream\" : \"ethbtc@trade\" } ");
            assertThat(frame).isEqualTo(new Frame.Trade("ETHBTC", 9, 1672515782136000L, 1672515782135000L));
        }

        @Test
        void reportsThirteenDigitTimestampsAsMillisecondsWithTheOffendingValue() {
            Frame frame = parser.parse(FakeBinanceServer.tradeFrame("BTCUSDT", 1, 1672515782136L, 1672515782136L));
            assertThat(frame).isEqualTo(new Frame.MillisecondTimestamps("BTCUSDT", 1672515782136L));
        }

        @Test
        void reportsMillisecondsEvenWhenOnlyTheTradeTimeHasThirteenDigits() {
            Frame frame = parser.parse(FakeBinanceServer.tradeFrame("BTCUSDT", 1, 1672515782136000L, 1672515782135L));
            assertThat(frame).isInstanceOf(Frame.MillisecondTimestamps.class);
        }
    }

    @Nested
    class ControlFrames {

        @Test
        void readsTheRequestIdOfASubscribeReply() {
            assertThat(parser.parse("{\"result\":null,\"id\":4000002}")).isEqualTo(new Frame.Reply(4000002));
        }

        @Test
        void readsCodeAndMessageOfAnErrorReply() {
            assertThat(parser.parse("{\"code\":2,\"msg\":\"Invalid request\",\"id\":1}"))
                    .isEqualTo(new Frame.ErrorReply(2, "Invalid request"));
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "{\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\",\"E\":1770123456789000}}",
            "{\"event\":{\"e\":\"serverShutdown\",\"E\":1770123456789}}",
            "{\"e\":\"serverShutdown\",\"E\":1770123456789}"})
        void recognisesServerShutdownInTheCombinedApiAndRawForms(String frame) {
            assertThat(parser.parse(frame)).isInstanceOf(Frame.ServerShutdown.class);
        }

        @Test
        void ignoresEventsOfOtherStreamTypes() {
            assertThat(parser.parse("{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1}}"))
                    .isEqualTo(new Frame.Ignored("aggTrade"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "not json",
        "[]",
        "{\"stream\":",
        "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\"}}",
        "{\"stream\":\"btcusdt@trade\",\"data\":\"trade\"}",
        "{\"data\":{\"e\":\"trade\",\"E\":\"1672515782136000\",\"s\":\"BTCUSDT\",\"t\":1,\"T\":1672515782136000}}",
        "{\"data\":{\"e\":\"trade\",\"E\":1672515782136000.5,\"s\":\"BTCUSDT\",\"t\":1,\"T\":1672515782136000}}",
        "{\"data\":{\"e\":\"trade\",\"E\":167251578213,\"s\":\"BTCUSDT\",\"t\":1,\"T\":167251578213}}",
        "{\"data\":{\"e\":\"trade\",\"E\":1672515782136000,\"s\":\"BTC,USDT\",\"t\":1,\"T\":1672515782136000}}",
        "{\"data\":{\"e\":\"trade\",\"E\":1672515782136000,\"s\":\"BTCUSDT\",\"T\":1672515782136000}}",
        "{\"data\":{\"e\":\"trade\",\"E\":1672515782136000,\"s\":\"BTCUSDT\",\"t\":1,\"T\":1672515782136000}} x",
        "{\"data\":{\"e\":\"trade\",\"E\":1672515782136000,\"s\":\"BTCUSDT\",\"t\":1,\"T\":1672515782136000}",
        "{\"result\":null}"})
    void classifiesBrokenOrIncompleteFramesAsMalformedWithoutThrowing(String frame) {
        assertThat(parser.parse(frame)).isInstanceOf(Frame.Malformed.class)
                .extracting(f -> ((Frame.Malformed) f).reason()).asString().isNotBlank();
    }
}
