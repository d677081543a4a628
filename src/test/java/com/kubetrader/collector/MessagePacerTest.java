package com.kubetrader.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagePacerTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void letsFiveGoAtOnceAndDelaysTheSixthUntilTheWindowHasPassed() {
        MessagePacer pacer = new MessagePacer(5, SECOND);
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            waits.add(pacer.reserve(100));
        }
        assertThat(waits).containsExactly(0L, 0L, 0L, 0L, 0L, SECOND);
    }

    @Test
    void neverPutsMoreThanTheLimitIntoAnyWindowForABurstOfRequests() {
        MessagePacer pacer = new MessagePacer(5, SECOND);
        List<Long> sendTimes = new ArrayList<>();
        long now = 0;
        for (int i = 0; i < 40; i++) {
            now += 37_000_000L; // a request every 37 ms, far faster than allowed
            sendTimes.add(now + pacer.reserve(now));
        }
        for (int i = 0; i + 5 < sendTimes.size(); i++) {
            assertThat(sendTimes.get(i + 5) - sendTimes.get(i)).isGreaterThanOrEqualTo(SECOND);
        }
    }

    @Test
    void countsAnAutomaticPongSoTheNextSubscribeWaits() {
        MessagePacer pacer = new MessagePacer(2, SECOND);
        pacer.reserve(0);           // SUBSCRIBE
        pacer.reserve(10);          // pong answered by the JDK
        assertThat(pacer.reserve(20)).isEqualTo(SECOND - 20);
    }
}
