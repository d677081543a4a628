package com.kubetrader.plan.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The benchmark fleet's bill: instance hours, gp3 GB-months (billed while stopped too), public IPv4 hours while
 * running (a stopped instance gives its public address back), and the S3 results each window adds. Always on
 * (no schedule: the instances run every hour of the month) beside recurring windows (they run only
 * windows × window length). Pure: the fleet's shape, the schedule's counts and the prices in, layouts out.
 */
public final class FleetCost {

    public static final String INSTANCE_HOURS = "Benchmark instance hours";
    public static final String GP3 = "Benchmark root volumes (gp3), billed while stopped too";
    public static final String IPV4 = "Benchmark public IPv4 hours, while running";
    public static final String S3 = "Results added to S3 each month (Standard)";

    /** What the fleet is made of. */
    public record Fleet(int instances, String instanceType, int rootVolumeGiB, int durationSeconds) {
    }

    /** A schedule's counts: windows in a 30-day month and how long each keeps the instances running. */
    /** @param perThirtyDays the windows the schedule fires in 30 days (a month here is 365/12 days) */
    public record Windows(String expression, int perThirtyDays, long windowSeconds) {
        /** The windows in a month of 365/12 days. */
        BigDecimal perMonth(Prices p) {
            return BigDecimal.valueOf(perThirtyDays).multiply(p.daysPerMonth())
                    .divide(BigDecimal.valueOf(30), 6, RoundingMode.HALF_EVEN);
        }
    }

    /** The fleet's prices and the one assumption the S3 line needs, from the region's price file. */
    public record FleetPrices(String checked, List<String> sources, java.util.Map<String, BigDecimal> instanceHour,
                              BigDecimal gp3GbMonth, BigDecimal s3GbMonth, BigDecimal resultsGbPerInstanceHour,
                              String notPriced) {

        public static FleetPrices forRegion(String region) {
            String resource = "/prices/" + region + ".json";
            try (InputStream in = FleetPrices.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalArgumentException("no price file for region " + region);
                }
                JsonNode root = new ObjectMapper().readTree(in);
                JsonNode p = root.path("fleetPrices");
                java.util.Map<String, BigDecimal> hours = new java.util.TreeMap<>();
                p.path("instanceHour").fields().forEachRemaining(e -> hours.put(e.getKey(),
                        new BigDecimal(e.getValue().asText())));
                List<String> sources = new ArrayList<>();
                root.path("fleetSources").forEach(s -> sources.add(s.asText()));
                return new FleetPrices(root.path("fleetChecked").asText(), List.copyOf(sources), java.util.Map.copyOf(hours),
                        new BigDecimal(p.path("gp3GbMonth").asText()), new BigDecimal(p.path("s3StandardGbMonth").asText()),
                        new BigDecimal(root.path("fleetAssumptions").path("resultsGbPerInstanceHour").asText()),
                        root.path("fleetAssumptions").path("notPriced").asText());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The hour of this type, or empty when the price file does not list it. */
        public Optional<BigDecimal> hourOf(String instanceType) {
            return Optional.ofNullable(instanceHour.get(instanceType));
        }
    }

    private FleetCost() {
    }

    /** The fleet running every hour of the month. */
    public static Layout alwaysOn(Fleet f, Prices p, FleetPrices fp) {
        BigDecimal hoursPerMonth = p.hoursPerMonth();
        return new Layout("fleet-always-on", "Benchmark fleet, always on",
                f.instances() + " × " + f.instanceType() + " running every hour; results are sent by hand",
                lines(f, p, fp, hoursPerMonth, f.instances() + " instance(s) × " + hoursPerMonth.toPlainString()
                        + " h a month", BigDecimal.ZERO, "runs sent by hand: not estimated"));
    }

    /** The fleet stopped between recurring windows. */
    public static Layout scheduled(Fleet f, Windows w, Prices p, FleetPrices fp) {
        BigDecimal windowHours = BigDecimal.valueOf(w.windowSeconds()).divide(BigDecimal.valueOf(3600), 6,
                RoundingMode.HALF_UP);
        BigDecimal perMonth = w.perMonth(p);
        String windows = CostReport.number(perMonth);
        BigDecimal hoursPerMonth = windowHours.multiply(perMonth);
        BigDecimal collectedHours = BigDecimal.valueOf(f.durationSeconds()).divide(BigDecimal.valueOf(3600), 6,
                RoundingMode.HALF_UP).multiply(perMonth);
        BigDecimal resultsGb = collectedHours.multiply(BigDecimal.valueOf(f.instances()))
                .multiply(fp.resultsGbPerInstanceHour());
        return new Layout("fleet-scheduled", "Benchmark fleet, " + w.expression() + " windows",
                f.instances() + " × " + f.instanceType() + " started for each of " + windows
                        + " windows a month, " + CostReport.number(windowHours) + " h each (start, run, upload, stop), "
                        + "stopped between",
                lines(f, p, fp, hoursPerMonth, f.instances() + " instance(s) × " + windows + " windows × "
                        + CostReport.number(windowHours) + " h", resultsGb, windows + " windows × "
                        + f.instances() + " instance(s) × " + CostReport.number(BigDecimal.valueOf(f.durationSeconds())
                        .divide(BigDecimal.valueOf(3600), 2, RoundingMode.HALF_UP)) + " h × "
                        + fp.resultsGbPerInstanceHour().stripTrailingZeros().toPlainString() + " GB/h; it accumulates"));
    }

    private static List<CostLine> lines(Fleet f, Prices p, FleetPrices fp, BigDecimal instanceHoursEach,
                                        String hoursBasis, BigDecimal resultsGbPerMonth, String resultsBasis) {
        BigDecimal hourly = fp.hourOf(f.instanceType()).orElseThrow(() -> new IllegalArgumentException(
                "the price file for " + p.region() + " has no fleetPrices.instanceHour for " + f.instanceType()
                        + "; add it from the EC2 on-demand pricing page"));
        BigDecimal instanceHours = instanceHoursEach.multiply(BigDecimal.valueOf(f.instances()));
        BigDecimal gbMonths = BigDecimal.valueOf((long) f.instances() * f.rootVolumeGiB());
        List<CostLine> lines = new ArrayList<>();
        lines.add(monthly(p, INSTANCE_HOURS, hoursBasis, instanceHours, "h", hourly));
        lines.add(monthly(p, GP3, f.instances() + " × " + f.rootVolumeGiB() + " GiB", gbMonths, "GB-mo",
                fp.gp3GbMonth()));
        lines.add(monthly(p, IPV4, "one address per running instance", instanceHours, "h", p.publicIpv4Hour()));
        lines.add(monthly(p, S3, resultsBasis, resultsGbPerMonth, "GB-mo", fp.s3GbMonth()));
        return lines;
    }

    /** A line given per month. */
    private static CostLine monthly(Prices p, String item, String basis, BigDecimal perMonth, String unit,
                                    BigDecimal price) {
        return CostLine.perMonth(p, item, basis, perMonth, unit, price);
    }
}
