package com.kubetrader.plan.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The unit prices of one region, read from data (src/main/resources/prices/&lt;region&gt;.json),
 * with when they were checked and where. Money is BigDecimal; a month is a twelfth of a 365-day year.
 */
public record Prices(String region, String currency, String checked, String checkedNote, List<String> sources,
                     int hoursPerDay, int daysPerYear, int monthsPerYear,
                     BigDecimal natGatewayHour, BigDecimal natGatewayGb,
                     BigDecimal interfaceEndpointAzHour, BigDecimal interfaceEndpointGb,
                     BigDecimal publicIpv4Hour, BigDecimal crossAzGbEachWay, BigDecimal internetInGb,
                     BigDecimal internetOutGb, java.util.Map<String, BigDecimal> natInstanceHour,
                     int natInstanceVolumeGb, BigDecimal gp3GbMonth) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public Prices {
        sources = List.copyOf(sources);
        natInstanceHour = java.util.Map.copyOf(natInstanceHour);
    }

    /** Hours in a month: a twelfth of the year's (730). */
    public BigDecimal hoursPerMonth() {
        return BigDecimal.valueOf((long) hoursPerDay * daysPerYear).divide(BigDecimal.valueOf(monthsPerYear), 12,
                java.math.RoundingMode.HALF_EVEN).stripTrailingZeros();
    }

    /** Days in a month: a twelfth of the year's (30.42). */
    public BigDecimal daysPerMonth() {
        return BigDecimal.valueOf(daysPerYear).divide(BigDecimal.valueOf(monthsPerYear), 12,
                java.math.RoundingMode.HALF_EVEN);
    }

    /** The instance types the file prices for a NAT instance. */
    public java.util.Set<String> natInstanceTypes() {
        return new java.util.TreeSet<>(natInstanceHour.keySet());
    }

    /** The on-demand hour of a NAT instance type; a type the file does not price is refused, naming the fix. */
    public BigDecimal natInstanceHour(String instanceType) {
        BigDecimal price = natInstanceHour.get(instanceType);
        if (price == null) {
            throw new IllegalArgumentException("no price for kubetrader:natInstanceType '" + instanceType
                    + "' in prices/" + region + ".json (prices.natInstanceHour prices "
                    + String.join(", ", new java.util.TreeSet<>(natInstanceHour.keySet()))
                    + "); add its on-demand hour there");
        }
        return price;
    }

    /** The bundled price file for a region. */
    public static Prices forRegion(String region) {
        String resource = "/prices/" + region + ".json";
        try (InputStream in = Prices.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no price file for region " + region + " (expected " + resource + ")");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Prices parse(InputStream json) throws IOException {
        JsonNode root = JSON.readTree(json);
        JsonNode p = root.path("prices");
        JsonNode cal = root.path("calendar");
        List<String> sources = new ArrayList<>();
        root.path("sources").forEach(s -> sources.add(s.asText()));
        return new Prices(text(root, "region"), text(root, "currency"), text(root, "checked"),
                root.path("checkedNote").asText(""), sources,
                integer(cal, "hoursPerDay"), integer(cal, "daysPerYear"), integer(cal, "monthsPerYear"),
                price(p, "natGatewayHour"), price(p, "natGatewayGb"),
                price(p, "interfaceEndpointAzHour"), price(p, "interfaceEndpointGb"),
                price(p, "publicIpv4Hour"), price(p, "crossAzGbEachWay"), price(p, "internetInGb"),
                price(p, "internetOutGb"), hourly(p.path("natInstanceHour")), integer(p, "natInstanceVolumeGb"),
                price(root.path("fleetPrices"), "gp3GbMonth"));
    }

    private static java.util.Map<String, BigDecimal> hourly(JsonNode node) {
        if (!node.isObject() || node.isEmpty()) {
            throw new IllegalArgumentException("price file has no prices.natInstanceHour (instance type to USD/h)");
        }
        java.util.Map<String, BigDecimal> out = new java.util.TreeMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), price(node, e.getKey())));
        return out;
    }

    private static String text(JsonNode node, String key) {
        if (!node.hasNonNull(key)) {
            throw new IllegalArgumentException("price file has no " + key);
        }
        return node.get(key).asText();
    }

    private static int integer(JsonNode node, String key) {
        if (!node.path(key).isInt()) {
            throw new IllegalArgumentException("price file has no integer " + key);
        }
        return node.get(key).asInt();
    }

    private static BigDecimal price(JsonNode node, String key) {
        if (!node.path(key).isNumber()) {
            throw new IllegalArgumentException("price file has no number prices." + key);
        }
        return new BigDecimal(node.get(key).asText());
    }
}
