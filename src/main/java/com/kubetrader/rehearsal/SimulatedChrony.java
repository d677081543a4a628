package com.kubetrader.rehearsal;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Random;

/**
 * The clock side of a rehearsal. Every collector of a rehearsal reads this machine's one clock, so what a real
 * instance's chrony would report is simulated: {@link #write} samples a chrony disciplined by a PTP hardware clock
 * (as on a c8g in a precision-time placement group: root delay about 10 µs, dispersion 4 to 12 µs, the system clock
 * within ±3 µs) into clock.csv, with the columns sample-clock.sh writes on a real instance. {@link #skew} makes one
 * collector's clock lie: every wall-clock stamp it wrote moves by the skew, while its reported bound stays as small as
 * the others'. Its round trips, timed with the monotonic clock, do not move, which is how the analysis catches it.
 */
final class SimulatedChrony {

    /** The header sample-clock.sh writes (bench/instance/sample-clock.sh), which ClockSamples reads. */
    static final String HEADER = "time_utc,reference_id,stratum,system_time_s,last_offset_s,rms_offset_s,"
            + "frequency_ppm,residual_freq_ppm,skew_ppm,root_delay_s,root_dispersion_s,update_interval_s,"
            + "leap_status,bound_us";

    private SimulatedChrony() {
    }

    /** Writes one sample every {@code everySeconds} from {@code start} to {@code end}; returns the last bound in µs. */
    static double write(Path file, Instant start, Instant end, long everySeconds, long seed) throws IOException {
        Random rnd = new Random(seed);
        double bound = 0;
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        Instant t = start.truncatedTo(ChronoUnit.SECONDS);
        do {
            double systemTime = (rnd.nextDouble() * 6 - 3) * 1e-6;
            double lastOffset = (rnd.nextDouble() * 2 - 1) * 1e-6;
            double rootDelay = (9 + rnd.nextDouble() * 2) * 1e-6;
            double rootDispersion = (4 + rnd.nextDouble() * 8) * 1e-6;
            bound = (Math.abs(systemTime) + rootDispersion + rootDelay / 2) * 1e6;
            sb.append(String.format(Locale.ROOT, "%s,PHC0,1,%.9f,%+.9f,%.9f,%.3f,%+.3f,%.3f,%.9f,%.9f,1.0,Normal,%.3f%n",
                    t, systemTime, lastOffset, 0.7e-6 + rnd.nextDouble() * 0.3e-6, -3.5 + rnd.nextDouble() * 0.01,
                    (rnd.nextDouble() - 0.5) * 0.002, 0.01 + rnd.nextDouble() * 0.01, rootDelay, rootDispersion,
                    bound));
            t = t.plusSeconds(everySeconds);
        } while (!t.isAfter(end));
        Files.writeString(file, sb, StandardCharsets.US_ASCII);
        return bound;
    }

    /**
     * Moves every wall-clock stamp the collector in {@code instanceDir} wrote by {@code skewUs}: recv_time_us and
     * latency_us in trades.csv, sent_time_us in its round-trip file (trades.rtt.csv, or rtt.csv from an older
     * collector: whichever exists). The exchange's event times and the round trips stay.
     */
    static void skew(Path instanceDir, long skewUs) throws IOException {
        rewrite(instanceDir.resolve("trades.csv"), skewUs, 4, 5);
        Path rtt = com.kubetrader.analysis.RoundTrips.in(instanceDir);
        if (rtt != null) {
            rewrite(rtt, skewUs, 3);
        }
    }

    private static void rewrite(Path file, long skewUs, int... columns) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".skewing");
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII)) {
            out.write(in.readLine());
            out.write('\n');
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(",", -1);
                for (int c : columns) {
                    if (!f[c].isEmpty()) {
                        f[c] = Long.toString(Long.parseLong(f[c]) + skewUs);
                    }
                }
                out.write(String.join(",", f));
                out.write('\n');
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
}
