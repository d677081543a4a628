package com.kubetrader.collector;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Wall-clock time in epoch microseconds, the unit of Binance's timeUnit=MICROSECOND timestamps. */
public final class MicroClock {

    private static final DateTimeFormatter ISO_MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private MicroClock() {
    }

    /** Instant.now() reads clock_gettime on Linux, so the microsecond digits are real. */
    public static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** ISO-8601 UTC with exactly six fractional digits, e.g. 2024-05-01T09:00:00.123456Z. */
    public static String iso(long epochMicros) {
        return ISO_MICROS.format(Instant.EPOCH.plus(epochMicros, ChronoUnit.MICROS));
    }
}
