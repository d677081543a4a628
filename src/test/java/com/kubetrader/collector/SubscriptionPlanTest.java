package com.kubetrader.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SubscriptionPlanTest {

    private static List<String> symbols(int n) {
        return IntStream.range(0, n).mapToObj(i -> "S" + i + "USDT").toList();
    }

    @ParameterizedTest(name = "{0} symbols → {1} connections")
    @CsvSource({"1, 1", "1024, 1", "1025, 2", "2048, 2", "2049, 3", "5000, 5"})
    void usesTheFewestConnectionsThatKeepEachAtOrBelow1024StreamsAndCoversEverySymbolOnce(int n, int connections) {
        SubscriptionPlan plan = SubscriptionPlan.of(symbols(n), 1024, 200);
        assertThat(plan.connections()).hasSize(connections);
        List<String> all = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            assertThat(plan.streamCount(c)).isLessThanOrEqualTo(1024)
                    .isBetween(n / connections, n / connections + 1); // spread evenly
            plan.connections().get(c).forEach(batch -> {
                assertThat(batch).hasSizeBetween(1, 200);
                all.addAll(batch);
            });
        }
        assertThat(all).containsExactlyElementsOf(symbols(n).stream().map(SubscriptionPlan::streamName).toList());
    }

    @Test
    void splitsAConnectionsStreamsIntoBatchesOfTheConfiguredSize() {
        SubscriptionPlan plan = SubscriptionPlan.of(symbols(5), 1024, 2);
        assertThat(plan.connections().get(0)).extracting(List::size).containsExactly(2, 2, 1);
    }

    @Test
    void writesTheSubscribeMessageInBinanceForm() {
        assertThat(SubscriptionPlan.subscribeMessage(7, List.of("btcusdt@trade", "ethbtc@trade")))
                .isEqualTo("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\",\"ethbtc@trade\"],\"id\":7}");
        assertThat(SubscriptionPlan.streamName("BTCUSDT")).isEqualTo("btcusdt@trade");
    }
}
