package com.kubetrader.analysis;

import com.kubetrader.output.OutputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import com.kubetrader.output.Interrupts;

/**
 * Everything that touches DuckDB: reads every instance's trades.csv straight from disk once (explicit column
 * types, only symbol, trade_id and latency_us are projected), aligns trades by (symbol, trade_id) in one hash
 * aggregation over the union of all instances ({@link #keysQuery}), and aggregates the aligned readings per
 * (instance, symbol) ({@link #statsQuery}).
 *
 * <p>Alignment: a trade is kept when every instance that has trades recorded it. When an instance wrote the same
 * (symbol, trade_id) more than once, its lowest latency (the first arrival of the same frame) is kept and the
 * extra rows are counted as duplicates.
 */
public final class RunAnalyzer {

    public static final List<String> REQUIRED_COLUMNS =
            List.of("symbol", "trade_id", "event_time_us", "trade_time_us", "recv_time_us", "latency_us");

    /**
     * DuckDB settings. memoryLimit is a DuckDB size ("1GB"). DuckDB spills to a fresh directory created under
     * tempDirectory (null: the system temp dir) and deleted afterwards.
     */
    public record Settings(String memoryLimit, int threads, Path tempDirectory, Consumer<String> progress) {

        public static Settings defaults() {
            return new Settings("1GB", 2, null, s -> { });
        }

        public Settings withProgress(Consumer<String> p) {
            return new Settings(memoryLimit, threads, tempDirectory, p);
        }
    }

    private final Settings settings;

    public RunAnalyzer(Settings settings) {
        this.settings = settings;
    }

    record Input(InstanceMetadata metadata, Path trades, List<String> columns, boolean hasTrades) {

        boolean hasEndpointColumn() {
            return columns.contains(ENDPOINT_COLUMN);
        }
    }

    /** The column the collector added after the fixed six (and connection) when one run covers several endpoints. */
    public static final String ENDPOINT_COLUMN = "endpoint";

    /**
     * Everything a run holds: the one-way alignment per endpoint that streamed trades, the round trips and clock
     * samples per instance where the files exist, and the endpoints in the order the collectors were given them.
     */
    public record RunEvidence(Path runDir, List<InstanceMetadata> instances, List<RunData> oneWay,
                              List<String> endpointOrder, java.util.Map<String, RoundTrips> roundTrips,
                              java.util.Map<String, ClockSamples> clocks) {
    }

    public RunEvidence analyze(Path runDir) {
        long t0 = System.nanoTime();
        List<Input> inputs = discover(runDir);
        java.util.Map<String, RoundTrips> roundTrips = new java.util.LinkedHashMap<>();
        java.util.Map<String, ClockSamples> clocks = new java.util.LinkedHashMap<>();
        List<Input> adjusted = new ArrayList<>();
        for (Input in : inputs) {
            Path dir = in.trades().getParent();
            String id = in.metadata().instanceId();
            Path rtt = RoundTrips.in(dir);
            if (rtt != null) {
                roundTrips.put(id, RoundTrips.read(rtt));
            }
            InstanceMetadata md = in.metadata();
            if (Files.isRegularFile(dir.resolve(ClockSamples.FILE))) {
                ClockSamples clock = ClockSamples.read(dir.resolve(ClockSamples.FILE));
                clocks.put(id, clock);
                md = md.withClockBound(clock.maxUs(), "clock.csv");
            }
            adjusted.add(new Input(md, in.trades(), in.columns(), in.hasTrades()));
        }
        final List<Input> instances = adjusted;
        List<Input> withTrades = instances.stream().filter(Input::hasTrades).toList();
        for (Input in : instances) {
            if (!in.hasTrades()) {
                settings.progress().accept("instance " + in.metadata().instanceId() + " ("
                        + in.metadata().availabilityZoneId() + "): " + in.trades()
                        + " has a header but no trades; excluded from alignment and ranking");
            }
        }
        if (withTrades.size() < 2) {
            throw new AnalysisException(runDir + ": " + withTrades.size() + " of " + instances.size()
                    + " instances have trades; a comparison needs at least 2");
        }
        long withColumn = withTrades.stream().filter(Input::hasEndpointColumn).count();
        if (withColumn != 0 && withColumn != withTrades.size()) {
            throw new AnalysisException(runDir + ": " + withColumn + " of " + withTrades.size() + " trades.csv files "
                    + "have an endpoint column and the others do not; analyse runs of one collector version together");
        }
        long bytes = 0;
        for (Input in : withTrades) {
            try {
                bytes += Files.size(in.trades());
            } catch (IOException e) {
                throw AnalysisException.inFile(in.trades(), "cannot be read ("
                        + OutputException.reason(e) + "); check its permissions");
            }
        }
        settings.progress().accept(String.format("checked %d instance directories in %.1f s; %d with trades, %.2f GB of CSV"
                        + "; round trips (trades.rtt.csv) in %d, clock.csv in %d", instances.size(), secondsSince(t0), withTrades.size(),
                bytes / 1e9, roundTrips.size(), clocks.size()));

        List<RunData> oneWay = new ArrayList<>();
        List<String> order = new ArrayList<>();
        withSpillDirectory(runDir, (conn, st) -> {
            List<String> endpoints;
            try {
                endpoints = withColumn == 0 ? List.of(singleEndpointLabel(withTrades))
                        : tradeEndpoints(st, withTrades);
            } catch (SQLException e) {
                throw namingTheBadFile(conn, withTrades, e);
            }
            for (String endpoint : endpoints) {
                oneWay.add(alignEndpoint(runDir, conn, st, instances, withTrades, withColumn == 0 ? null : endpoint,
                        endpoint));
            }
        });
        for (RunData d : oneWay) {
            order.add(d.endpoint());
        }
        // rtt-only endpoints appear in trades.rtt.csv alone; they come after the trade endpoints, in the metadata's order
        for (String e : metadataEndpointOrder(instances)) {
            if (!order.contains(e) && roundTrips.values().stream().anyMatch(r -> r.byEndpoint().containsKey(e))) {
                order.add(e);
            }
        }
        roundTrips.values().forEach(r -> r.byEndpoint().keySet().stream().sorted()
                .filter(e -> !order.contains(e)).forEach(order::add));
        return new RunEvidence(runDir, instances.stream().map(Input::metadata).toList(), List.copyOf(oneWay),
                List.copyOf(order), java.util.Map.copyOf(roundTrips), java.util.Map.copyOf(clocks));
    }

    /** The old layout (no endpoint column): the one endpoint the metadata names, or a placeholder. */
    private static String singleEndpointLabel(List<Input> inputs) {
        List<String> named = metadataEndpointOrder(inputs);
        return named.isEmpty() ? "(one endpoint)" : named.get(0);
    }

    /**
     * The endpoints as the collectors were given them: metadata.json's "endpoint" is the --endpoint argument, a
     * comma-separated list whose entries may be NAME=URL and rtt-only:. The CSVs carry NAME, or the URL.
     */
    static List<String> metadataEndpointOrder(List<Input> inputs) {
        List<String> out = new ArrayList<>();
        for (Input in : inputs) {
            String value = in.metadata().reported().get("endpoint");
            if (value == null) {
                continue;
            }
            for (String part : value.split(",")) {
                String e = part.strip().replaceFirst("^rtt-only:", "");
                java.util.regex.Matcher named = java.util.regex.Pattern.compile("([a-z][a-z0-9-]{0,31})=(.+)").matcher(e);
                String label = named.matches() ? named.group(1) : e;
                if (!label.isEmpty() && !out.contains(label)) {
                    out.add(label);
                }
            }
        }
        return out;
    }

    /** The trade endpoints, in the metadata's order where it names them, else as DuckDB finds them (sorted). */
    private static List<String> tradeEndpoints(Statement st, List<Input> withTrades) throws SQLException {
        List<String> found = new ArrayList<>();
        StringBuilder union = new StringBuilder();
        for (Input in : withTrades) {
            union.append(union.length() == 0 ? "" : " UNION ").append("SELECT DISTINCT endpoint FROM ")
                    .append(readCsv(in));
        }
        try (ResultSet rs = st.executeQuery("SELECT DISTINCT endpoint FROM (" + union + ") ORDER BY endpoint")) {
            while (rs.next()) {
                found.add(rs.getString(1));
            }
        }
        List<String> ordered = new ArrayList<>(metadataEndpointOrder(withTrades));
        ordered.retainAll(found);
        found.stream().filter(e -> !ordered.contains(e)).forEach(ordered::add);
        return ordered;
    }

    /** What to do with an open DuckDB connection whose spill directory exists for the duration. */
    private interface DuckWork {
        void run(Connection conn, Statement st) throws SQLException;
    }

    /**
     * Opens DuckDB with a fresh spill directory and runs {@code work}. Until it returns, a clean-up is registered
     * with {@link Interrupts}: on Ctrl-C or SIGTERM it stops DuckDB's query, waits for it to let go of its spill
     * files, and removes them with the spill directory (and the --temp-dir it created), so no spill is left behind.
     */
    private void withSpillDirectory(Path runDir, DuckWork work) {
        Path temp = null;
        Path createdTempParent = null;
        java.util.concurrent.atomic.AtomicReference<Statement> running = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
        Path[] toRemove = new Path[2];
        Runnable onSignal = Interrupts.register(() -> {
            Statement st = running.get();
            if (st != null) {
                try {
                    st.cancel();
                } catch (SQLException | RuntimeException ignored) {
                    // it may have finished already
                }
            }
            try {
                finished.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (Path p : toRemove) {
                if (p != null) {
                    StagedDirectory.deleteTree(p);
                }
            }
        });
        try {
            if (settings.tempDirectory() != null && !Files.exists(settings.tempDirectory())) {
                // Created for this run, so removed with every parent it needed; a directory that existed stays.
                createdTempParent = settings.tempDirectory().toAbsolutePath().normalize();
                while (createdTempParent.getParent() != null && !Files.exists(createdTempParent.getParent())) {
                    createdTempParent = createdTempParent.getParent();
                }
                toRemove[1] = createdTempParent;
                Files.createDirectories(settings.tempDirectory());
            }
            temp = settings.tempDirectory() != null
                    ? Files.createTempDirectory(settings.tempDirectory(), "duckdb-spill")
                    : Files.createTempDirectory("kubetrader-duckdb-spill");
            toRemove[0] = temp;
            try (Connection conn = DriverManager.getConnection("jdbc:duckdb:");
                 Statement st = conn.createStatement()) {
                running.set(st);
                st.execute("SET memory_limit = '" + settings.memoryLimit().replace("'", "") + "'");
                st.execute("SET threads = " + settings.threads());
                st.execute("SET temp_directory = " + literal(temp.toString()));
                st.execute("SET preserve_insertion_order = false");
                work.run(conn, st);
            }
        } catch (SQLException e) {
            String hint = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("out of memory")
                    ? " (DuckDB ran out of memory: raise --memory-limit, now " + settings.memoryLimit()
                    + "; spilling to the temp directory did not keep the alignment within it)" : "";
            throw new AnalysisException("DuckDB could not read the run in " + runDir + ": " + firstLine(e.getMessage())
                    + (hint.isEmpty() ? "; check the run's CSV files, or copy the run again" : hint), e);
        } catch (IOException e) {
            throw new AnalysisException("--temp-dir '" + settings.tempDirectory() + "': cannot create DuckDB's spill "
                    + "directory there (" + OutputException.reason(e) + "); choose a --temp-dir you can write in", e);
        } finally {
            running.set(null);
            finished.countDown();
            Interrupts.unregister(onSignal);
            if (temp != null) {
                StagedDirectory.deleteTree(temp);
            }
            if (createdTempParent != null) {
                StagedDirectory.deleteTree(createdTempParent);
            }
        }
    }

    /**
     * The one-way alignment of one endpoint ({@code filter} null: every row, the old layout). An instance that
     * recorded nothing from this endpoint is left out of its alignment, as an instance with no trades at all is.
     */
    private RunData alignEndpoint(Path runDir, Connection conn, Statement st, List<Input> inputs,
                                  List<Input> withTrades, String filter, String endpoint) throws SQLException {
        List<Input> taking = withTrades;
        while (true) {
            RunData data = alignOnce(runDir, conn, st, inputs, taking, filter, endpoint);
            List<Input> silent = taking.stream().filter(in -> data.instances().stream()
                    .anyMatch(d -> d.metadata().instanceId().equals(in.metadata().instanceId()) && d.hasTrades()
                            && d.rows() == 0)).toList();
            if (silent.isEmpty()) {
                if (data.alignedTrades() == 0) {
                    throw new AnalysisException(runDir + ": no trade from " + endpoint + " was recorded by every "
                            + "instance with trades, nothing to compare (were the instances subscribed to the same "
                            + "symbols at the same time?)");
                }
                return data;
            }
            taking = taking.stream().filter(in -> !silent.contains(in)).toList();
            if (taking.size() < 2) {
                throw new AnalysisException(runDir + ": only " + taking.size() + " instance(s) recorded trades from "
                        + endpoint + "; a comparison needs at least 2");
            }
        }
    }

    private RunData alignOnce(Path runDir, Connection conn, Statement st, List<Input> inputs, List<Input> withTrades,
                              String filter, String endpoint) throws SQLException {
        Map<String, List<RunData.SymbolStats>> stats = new HashMap<>();
        long[] aligned = new long[withTrades.size()];
        long[] notSeen = new long[withTrades.size()];
        long[] dup = new long[withTrades.size()];
        long t1 = System.nanoTime();
        settings.progress().accept("phase 1/2 (" + endpoint + "): reading " + withTrades.size()
                + " CSVs and aligning trades by (symbol, trade_id) ...");
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "analyze-progress");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleAtFixedRate(() -> settings.progress().accept(String.format(
                "  ... still working, %.0f s", secondsSince(t1))), 2, 2, TimeUnit.SECONDS);
        try {
            executeNamingTheBadFile(conn, st, withTrades, filter);
            settings.progress().accept(String.format("phase 1/2 done in %.1f s", secondsSince(t1)));
            long t2 = System.nanoTime();
            settings.progress().accept("phase 2/2 (" + endpoint + "): per-symbol statistics and dropped-row counts ...");
            try (ResultSet rs = st.executeQuery(statsQuery(withTrades.size()))) {
                while (rs.next()) {
                    String symbol = rs.getString("symbol");
                    long kept = rs.getLong("kept");
                    for (int i = 0; i < withTrades.size(); i++) {
                        aligned[i] += kept;
                        notSeen[i] += rs.getLong("ns" + i);
                        dup[i] += rs.getLong("dup" + i);
                        if (kept > 0) {
                            Object[] q = (Object[]) ((Array) rs.getArray("q" + i)).getArray();
                            stats.computeIfAbsent(withTrades.get(i).metadata().instanceId(),
                                    k -> new ArrayList<>()).add(new RunData.SymbolStats(symbol, kept,
                                    rs.getLong("min" + i), ((Number) q[0]).doubleValue(),
                                    rs.getDouble("mean" + i), ((Number) q[1]).doubleValue(),
                                    rs.getLong("neg" + i)));
                        }
                    }
                }
            }
            settings.progress().accept(String.format("phase 2/2 done in %.1f s", secondsSince(t2)));
        } finally {
            heartbeat.shutdownNow();
        }
        settings.progress().accept(String.format("aligned and aggregated in %.1f s", secondsSince(t1)));

        List<RunData.InstanceData> result = new ArrayList<>();
        long alignedTrades = 0;
        for (Input in : inputs) {
            int i = withTrades.indexOf(in);
            if (i < 0) {
                result.add(new RunData.InstanceData(in.metadata(), in.trades(), false, 0, 0, 0, 0, List.of()));
                continue;
            }
            alignedTrades = aligned[i];
            List<RunData.SymbolStats> s = stats.getOrDefault(in.metadata().instanceId(), List.of()).stream()
                    .sorted((a, b) -> a.symbol().compareTo(b.symbol())).toList();
            result.add(new RunData.InstanceData(in.metadata(), in.trades(), true,
                    aligned[i] + notSeen[i] + dup[i], aligned[i], notSeen[i], dup[i], s));
        }
        return new RunData(runDir, endpoint, result, alignedTrades);
    }

    /**
     * Runs the analysis query. DuckDB's conversion errors name the line but not the file, so on failure every file
     * is scanned alone (only on this error path) to name the culprit.
     */
    private void executeNamingTheBadFile(Connection conn, Statement st, List<Input> inputs, String endpoint)
            throws SQLException {
        try {
            st.execute(keysQuery(inputs, endpoint));
        } catch (SQLException e) {
            throw namingTheBadFile(conn, inputs, e);
        }
    }

    /**
     * DuckDB's conversion and CSV errors name the line but not the file, so on failure every file is scanned alone
     * (only on this error path) to name the culprit, with its line. Returns {@code e} itself when every file reads.
     */
    private static SQLException namingTheBadFile(Connection conn, List<Input> inputs, SQLException e) {
        if (Interrupts.received() != null) {
            return e; // stopped by a signal, not a damaged file
        }
        for (Input in : inputs) {
            try (Statement probeSt = conn.createStatement();
                 ResultSet probe = probeSt.executeQuery("SELECT count(symbol), count(trade_id), count(latency_us) FROM "
                         + readCsv(in))) {
                probe.next();
            } catch (SQLException bad) {
                throw AnalysisException.inFile(in.trades(), csvProblem(firstLine(bad.getMessage())));
            }
        }
        return e;
    }

    private static final java.util.regex.Pattern CSV_LINE = java.util.regex.Pattern.compile(
            "(?:.*?Error: )?CSV Error on Line: (\\d+)\\s*(.*)", java.util.regex.Pattern.DOTALL);
    private static final java.util.regex.Pattern COLUMNS = java.util.regex.Pattern.compile(
            "Expected Number of Columns: (\\d+) Found: (\\d+)");
    private static final java.util.regex.Pattern ORIGINAL = java.util.regex.Pattern.compile(
            "Original Line: (.*?)(?= Expected Number| Error when|$)");

    /** DuckDB's words about a damaged CSV, as "line N: what is wrong; the fix", without DuckDB's error class. */
    static String csvProblem(String duck) {
        java.util.regex.Matcher m = CSV_LINE.matcher(duck);
        String line = m.matches() ? "line " + m.group(1) + ": " : "";
        String rest = m.matches() ? m.group(2) : duck.replaceFirst("^[A-Za-z ]+ Error: ", "");
        java.util.regex.Matcher cols = COLUMNS.matcher(rest);
        java.util.regex.Matcher original = ORIGINAL.matcher(rest);
        String shown = original.find() ? " ('" + original.group(1).strip() + "')" : "";
        if (cols.find() && Integer.parseInt(cols.group(2)) < Integer.parseInt(cols.group(1))) {
            return line + "has " + cols.group(2) + " of its " + cols.group(1) + " fields" + shown + ": the file is cut "
                    + "short or damaged (a copy that stopped early, or a collector that was killed mid-write); copy "
                    + "the run again, or remove the damaged line";
        }
        if (cols.find(0)) {
            return line + "has " + cols.group(2) + " fields, expected " + cols.group(1) + shown + "; copy the run "
                    + "again, or remove the damaged line";
        }
        String hint = rest.contains("INT32") || rest.toUpperCase(java.util.Locale.ROOT).contains("INTEGER")
                ? " (latency_us must be a whole number of µs within ±2147483647, about ±35 minutes; a reading beyond "
                + "that is a broken clock, not a latency)" : "; copy the run again, or remove the damaged line";
        return line + "cannot be read as CSV: " + rest.strip() + hint;
    }

    /**
     * Phase 1, the one pass over the CSVs: the union of all instances' rows (instance number, symbol, trade_id,
     * latency_us; nothing else is projected) and one aggregation per (symbol, trade_id) that counts each instance's
     * rows and keeps its lowest latency. No join. The result, one row per trade, goes to a temp table (DuckDB spills
     * it when it outgrows memory_limit).
     */
    static String keysQuery(List<Input> inputs, String endpoint) {
        int n = inputs.size();
        boolean packed = n <= MAX_PACKED_INSTANCES;
        String where = endpoint == null ? "" : " WHERE " + ENDPOINT_COLUMN + " = " + literal(endpoint);
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                rows.append("\n  UNION ALL\n");
            }
            rows.append("  SELECT ").append(i).append("::UTINYINT AS inst, ");
            if (packed) {
                rows.append(java.math.BigInteger.ONE.shiftLeft(COUNT_BITS * i)).append("::HUGEINT AS unit, ");
            }
            rows.append("symbol, trade_id, latency_us FROM ").append(readCsv(inputs.get(i))).append(where);
        }
        StringBuilder keys = new StringBuilder("SELECT symbol");
        if (packed) {
            keys.append(",\n  sum(unit) AS c");
        }
        for (int i = 0; i < n; i++) {
            if (!packed) {
                keys.append(",\n  count(*) FILTER (WHERE inst = ").append(i).append(") AS c").append(i);
            }
            keys.append(",\n  min(latency_us) FILTER (WHERE inst = ").append(i).append(") AS l").append(i);
        }
        return "CREATE OR REPLACE TEMP TABLE keys AS\n" + keys + "\nFROM (\n" + rows
                + "\n)\nGROUP BY symbol, trade_id";
    }

    /**
     * Phase 1 counts each instance's rows of a trade in one sum instead of one filtered count per instance: every
     * row carries 2^(16·i) for its instance i, so the sum holds instance i's count in bits 16·i to 16·i + 15 of one
     * HUGEINT. Three filtered counts cost as much as the alignment itself on the 3 × 10M benchmark; one sum costs
     * little. Up to 8 instances fit (128 bits), each with up to 65535 rows of one trade; more instances fall back
     * to filtered counts.
     */
    static final int MAX_PACKED_INSTANCES = 8;
    static final int COUNT_BITS = 16;

    /** Instance i's row count of a trade in the keys table, as SQL. */
    static String countOf(int i, int n) {
        return n <= MAX_PACKED_INSTANCES ? "((c >> " + (COUNT_BITS * i) + ") & 65535)" : "c" + i;
    }

    /**
     * Phase 2, over the per-trade table: per symbol, the trades every instance saw, and per instance the rows
     * dropped (seen but not by all; extra rows of the same trade), count/min/mean/p50/p99 of the aligned
     * readings, and how many of them are negative (received before the exchange stamped them: clock evidence).
     */
    static String statsQuery(int n) {
        String aligned = java.util.stream.IntStream.range(0, n).mapToObj(i -> "l" + i + " IS NOT NULL")
                .collect(Collectors.joining(" AND ", "(", ")"));
        StringBuilder out = new StringBuilder("SELECT symbol,\n  count(*) FILTER (WHERE " + aligned + ") AS kept");
        for (int i = 0; i < n; i++) {
            String c = countOf(i, n);
            out.append(",\n  count(*) FILTER (WHERE l").append(i).append(" IS NOT NULL AND NOT ").append(aligned)
                    .append(") AS ns").append(i)
                    .append(",\n  coalesce(sum(").append(c).append(" - 1) FILTER (WHERE ").append(c)
                    .append(" > 1), 0)::BIGINT AS dup").append(i)
                    .append(",\n  min(l").append(i).append(") FILTER (WHERE ").append(aligned).append(") AS min")
                    .append(i)
                    .append(",\n  avg(l").append(i).append(") FILTER (WHERE ").append(aligned).append(") AS mean")
                    .append(i)
                    .append(",\n  quantile_cont(l").append(i).append(", [0.5, 0.99]) FILTER (WHERE ")
                    .append(aligned).append(") AS q").append(i)
                    .append(",\n  count(*) FILTER (WHERE ").append(aligned).append(" AND l").append(i)
                    .append(" < 0) AS neg").append(i);
        }
        return out + "\nFROM keys GROUP BY symbol ORDER BY symbol";
    }

    private static String readCsv(Input in) {
        StringBuilder cols = new StringBuilder("{");
        for (int c = 0; c < in.columns().size(); c++) {
            String name = in.columns().get(c);
            // the three columns the analysis reads are typed; the others stay VARCHAR so the reader never converts them
            String type = switch (c) {
                case 1 -> "BIGINT";
                // INTEGER, not BIGINT: ±35 minutes is room enough for any latency, and the half-size aggregate state
                // made phase 1 about twice as fast on the 3 × 10M benchmark (less to spill)
                case 5 -> "INTEGER";
                default -> "VARCHAR";
            };
            if (c > 0) {
                cols.append(", ");
            }
            cols.append(literal(name)).append(": '").append(type).append("'");
        }
        cols.append("}");
        return "read_csv(" + literal(in.trades().toString()) + ", header = true, auto_detect = false, delim = ',', "
                + "quote = '\"', escape = '\"', columns = " + cols + ")";
    }

    private List<Input> discover(Path runDir) {
        if (!Files.isDirectory(runDir)) {
            throw new AnalysisException(runDir + ": run directory does not exist or is not a directory");
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(runDir)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new AnalysisException(runDir + ": cannot list the run directory ("
                    + OutputException.reason(e) + "); check its permissions");
        }
        List<Input> inputs = new ArrayList<>();
        List<Path> skipped = new ArrayList<>();
        Map<String, String> azToInstance = new HashMap<>();
        for (Path dir : dirs) {
            Path meta = dir.resolve("metadata.json");
            Path trades = dir.resolve("trades.csv");
            if (!Files.exists(meta) && !Files.exists(trades)) {
                skipped.add(dir);
                continue;
            }
            InstanceMetadata md = InstanceMetadata.read(meta);
            if (!md.instanceId().equals(dir.getFileName().toString())) {
                throw AnalysisException.inFile(meta, "instanceId \"" + md.instanceId()
                        + "\" does not match its directory name \"" + dir.getFileName() + "\"");
            }
            String other = azToInstance.put(md.availabilityZoneId(), md.instanceId());
            if (other != null) {
                throw AnalysisException.inFile(meta, "availabilityZoneId " + md.availabilityZoneId()
                        + " is also the AZ of instance " + other + "; the analysis compares one instance per AZ ID");
            }
            if (!Files.isRegularFile(trades)) {
                throw AnalysisException.inFile(trades, "missing (every instance directory needs a trades.csv)");
            }
            String[] firstLines = firstTwoLines(trades);
            if (firstLines[0] == null) {
                throw AnalysisException.inFile(trades, "empty; expected the header line "
                        + String.join(",", REQUIRED_COLUMNS));
            }
            List<String> columns = List.of(firstLines[0].strip().split(",", -1));
            if (columns.size() < REQUIRED_COLUMNS.size()
                    || !columns.subList(0, REQUIRED_COLUMNS.size()).equals(REQUIRED_COLUMNS)) {
                throw AnalysisException.inFile(trades, "wrong header: expected its first six columns to be "
                        + String.join(",", REQUIRED_COLUMNS) + " but found " + firstLines[0].strip());
            }
            boolean hasTrades = firstLines[1] != null && !firstLines[1].isBlank();
            inputs.add(new Input(md, trades, columns, hasTrades));
        }
        if (inputs.isEmpty()) {
            // A directory that is not a run at all (a typo, a parent directory) gets one line, not one per entry.
            throw new AnalysisException(runDir + ": no instance directories (expected <runDir>/<instanceId>/"
                    + "{metadata.json,trades.csv}" + (skipped.isEmpty() ? "" : "; none of its " + skipped.size()
                    + " subdirectories holds either file") + "); pass the directory of one run, such as runs/<runId>");
        }
        for (Path dir : skipped) {
            settings.progress().accept("skipping " + dir + ": neither metadata.json nor trades.csv");
        }
        return inputs;
    }

    private static String[] firstTwoLines(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String a = r.readLine();
            String b = a == null ? null : r.readLine();
            return new String[] {a, b};
        } catch (IOException e) {
            throw AnalysisException.inFile(file, "cannot be read ("
                    + OutputException.reason(e) + "); check its permissions");
        }
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        String[] lines = s.strip().split("\n");
        // one line, as every error is (docs/output-rules.md, rule 7): DuckDB's first three lines, joined
        return String.join(" ", List.of(lines).subList(0, Math.min(3, lines.length)).stream().map(String::strip)
                .filter(l -> !l.isEmpty()).toList());
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
