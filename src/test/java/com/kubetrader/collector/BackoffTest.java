package com.kubetrader.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesUpToTheCapWithHalfOfEachStepRandom() {
        Backoff low = new Backoff(200, 1000, () -> 0.0);
        Backoff high = new Backoff(200, 1000, () -> 0.999999);
        List<Long> lows = new ArrayList<>();
        List<Long> highs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            lows.add(low.nextMillis());
            highs.add(high.nextMillis());
        }
        assertThat(lows).containsExactly(100L, 200L, 400L, 500L, 500L);
        assertThat(highs).containsExactly(199L, 399L, 799L, 999L, 999L);
    }

    @Test
    void startsSmallAgainAfterReset() {
        Backoff backoff = new Backoff(200, 30_000, () -> 0.0);
        backoff.nextMillis();
        backoff.nextMillis();
        backoff.reset();
        assertThat(backoff.nextMillis()).isEqualTo(100L);
    }
}
