package com.kubetrader.analysis;

import com.kubetrader.output.OutputException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code trend}: every window under a directory of runs analysed with today's analysis, then the trend across
 * them. Each window's report lands in {@code OUT/windows/<runId>/} with a fingerprint of the run's files (SHA-256 of
 * their content); the next trend into the same --out with --overwrite reuses a window whose files have not changed
 * instead of scanning it again, so a hundred windows cost one DuckDB pass each, once. The output is staged and moved into place only when complete.
 */
public final class TrendRun {

    public static final Set<String> OUTPUT_FILES = Set.of("trend.json", "trend.md", "trend.svg", "windows");
    static final Pattern RUN_ID_TIME = Pattern.compile("\\d{8}T\\d{6}Z");
    static final DateTimeFormatter RUN_ID_FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final ObjectMapper READER = new ObjectMapper();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** A window that could not be analysed: its run ID and why, naming the file (and line) where known. */
    public record Skipped(String runId, String problem) {
    }

    /**
     * What a trend run did: the trends, how many windows were analysed anew or taken from the cache, and the
     * damaged windows it reported and left out.
     */
    public record Result(List<Trend.EndpointTrend> trends, int analysed, int cached, Path outDir,
                         List<Skipped> skipped) {
    }

    private TrendRun() {
    }

    /** A trend into a new (or empty) {@code outDir}; an earlier trend there is refused. */
    public static Result run(Path runsDir, Path outDir, String stack, String primaryEndpoint,
                             RunAnalyzer.Settings settings) {
        return run(runsDir, outDir, stack, primaryEndpoint, settings, false);
    }

    /**
     * With {@code overwrite}, an earlier trend in {@code outDir} is its cache: a window whose files have the same
     * content as when it was analysed is taken from {@code outDir/windows/} instead of scanned again, and the whole
     * output is replaced once the new one is complete. Without it, an earlier trend there is refused. A damaged
     * window is reported through the progress lines, listed in trend.md and trend.json, and left out; the others are
     * analysed. When every window is damaged, nothing is written.
     */
    public static Result run(Path runsDir, Path outDir, String stack, String primaryEndpoint,
                             RunAnalyzer.Settings settings, boolean overwrite) {
        Consumer<String> progress = settings.progress();
        List<Path> runs = windows(runsDir);
        Path previous = outDir.resolve("windows").toAbsolutePath();
        try (StagedDirectory staged = StagedDirectory.beside(outDir, "--out", OUTPUT_FILES, overwrite, "a trend")) {
            List<Trend.Window> windows = new ArrayList<>();
            List<Skipped> skipped = new ArrayList<>();
            int analysed = 0;
            int cached = 0;
            for (Path run : runs) {
                stopIfSignalled();
                String runId = run.getFileName().toString();
                Path target = staged.path().resolve("windows").resolve(runId);
                try {
                    String fingerprint = fingerprint(run);
                    Path old = previous.resolve(runId);
                    boolean reused = false;
                    Summary summary = null;
                    if (Files.isRegularFile(old.resolve("summary.json"))
                            && Files.isRegularFile(old.resolve("source.txt"))
                            && read(old.resolve("source.txt")).equals(fingerprint)) {
                        copyTree(old, target);
                        try {
                            summary = readSummary(target.resolve("summary.json"));
                            reused = true;
                        } catch (AnalysisException unreadable) {
                            StagedDirectory.deleteTree(target); // a damaged cache entry: analyse the window again
                        }
                    }
                    if (!reused) {
                        progress.accept("window " + runId + ": analysing");
                        Analysis.run(run, target, stack, primaryEndpoint, settings.withProgress(line -> { }));
                        write(target.resolve("source.txt"), fingerprint);
                        summary = readSummary(target.resolve("summary.json"));
                    }
                    windows.add(new Trend.Window(runId, timeOf(run), summary));
                    if (reused) {
                        cached++;
                    } else {
                        analysed++;
                    }
                } catch (AnalysisException e) {
                    stopIfSignalled(); // a query stopped by Ctrl-C is no damaged window
                    StagedDirectory.deleteTree(target);
                    skipped.add(new Skipped(runId, e.getMessage()));
                    progress.accept("window " + runId + ": skipped, damaged: " + e.getMessage());
                }
            }
            if (windows.isEmpty()) {
                throw new AnalysisException(runsDir + ": every window is damaged, nothing to compare ("
                        + skipped.stream().map(k -> k.runId() + ": " + k.problem()).reduce((a, b) -> a + "; " + b)
                        .orElse("") + "); repair or remove them and run trend again");
            }
            progress.accept(analysed + " window(s) analysed, " + cached + " taken from " + previous
                    + (skipped.isEmpty() ? "" : ", " + skipped.size() + " skipped as damaged"));
            List<Trend.EndpointTrend> trends = Trend.of(windows);
            write(staged.path().resolve("trend.json"), json(trends, windows, skipped));
            write(staged.path().resolve("trend.md"), TrendReport.markdown(trends, runsDir) + skippedMarkdown(skipped));
            try {
                TrendChart.writeSvg(trends, staged.path().resolve("trend.svg"));
            } catch (IOException e) {
                throw new AnalysisException(outDir + ": cannot write trend.svg ("
                        + OutputException.reason(e) + "); check there is room on the disk");
            }
            staged.commit();
            return new Result(trends, analysed, cached, staged.target(), List.copyOf(skipped));
        }
    }

    /** After Ctrl-C or SIGTERM: no further window is started while the JVM removes the staging and exits. */
    private static void stopIfSignalled() {
        String signal = com.kubetrader.output.Interrupts.received();
        if (signal != null) {
            throw new AnalysisException("stopped by " + signal);
        }
    }

    /** The damaged windows, for trend.md: none, nothing. */
    static String skippedMarkdown(List<Skipped> skipped) {
        if (skipped.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("\n## Skipped windows\n\nThese windows are damaged and left out of "
                + "everything above; repair or remove them and run trend again with --overwrite.\n\n");
        for (Skipped k : skipped) {
            md.append("- ").append(k.runId()).append(": ").append(k.problem().replace("\n", " ")).append('\n');
        }
        return md.toString();
    }

    /** The window directories: every subdirectory holding at least one instance directory. */
    static List<Path> windows(Path runsDir) {
        if (!Files.isDirectory(runsDir)) {
            throw new AnalysisException(runsDir + ": directory of runs does not exist or is not a directory");
        }
        try (Stream<Path> s = Files.list(runsDir)) {
            List<Path> runs = s.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith("."))
                    .sorted().toList();
            if (runs.isEmpty()) {
                throw new AnalysisException(runsDir + ": no runs in it (expected <dir>/<runId>/<instanceId>/"
                        + "{metadata.json,trades.csv}, as the sync command brings them down)");
            }
            return runs;
        } catch (IOException e) {
            throw new AnalysisException(runsDir + ": cannot list it ("
                    + OutputException.reason(e) + "); check its permissions");
        }
    }

    /**
     * When the window ran: its run ID when that is the UTC form the send-command line and the schedule both make
     * (20261122T060000Z), else the earliest startedAt of its instances' metadata.json.
     */
    static Instant timeOf(Path run) {
        String id = run.getFileName().toString();
        if (RUN_ID_TIME.matcher(id).matches()) {
            return LocalDateTime.parse(id, RUN_ID_FORMAT).toInstant(ZoneOffset.UTC);
        }
        Instant earliest = null;
        try (Stream<Path> s = Files.list(run)) {
            for (Path dir : s.filter(Files::isDirectory).toList()) {
                Path meta = dir.resolve("metadata.json");
                if (Files.isRegularFile(meta)) {
                    JsonNode started = READER.readTree(meta.toFile()).get("startedAt");
                    if (started != null && started.isTextual()) {
                        Instant t = Instant.parse(started.asText());
                        earliest = earliest == null || t.isBefore(earliest) ? t : earliest;
                    }
                }
            }
        } catch (IOException | java.time.DateTimeException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                    : e instanceof IOException io ? OutputException.reason(io) : e.getMessage();
            throw new AnalysisException(run + ": cannot tell when the window ran (" + why + "); name the window by its "
                    + "UTC start such as 20261122T060000Z, or give its metadata.json files a startedAt");
        }
        if (earliest == null) {
            throw new AnalysisException(run + ": cannot tell when the window ran: its name is not a UTC run ID such as "
                    + "20261122T060000Z and no metadata.json has a startedAt");
        }
        return earliest;
    }

    /**
     * The run's files by content: every regular file's path (sorted) and the SHA-256 of its bytes. A changed,
     * added or removed file invalidates the cache, even one that kept its size and modification time.
     */
    static String fingerprint(Path run) {
        try (Stream<Path> s = Files.walk(run)) {
            StringBuilder sb = new StringBuilder();
            byte[] buffer = new byte[1 << 20];
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
                try (java.io.InputStream in = Files.newInputStream(f)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        sha.update(buffer, 0, n);
                    }
                }
                sb.append(run.relativize(f)).append(" sha256:").append(java.util.HexFormat.of().formatHex(sha.digest()))
                        .append('\n');
            }
            return sb.toString();
        } catch (IOException e) {
            throw new AnalysisException(run + ": cannot be read (" + OutputException.reason(e)
                    + "); check its permissions");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    static Summary readSummary(Path file) {
        try {
            return READER.readValue(file.toFile(), Summary.class);
        } catch (IOException e) {
            String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
                    ? "line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ": "
                    : "";
            throw AnalysisException.inFile(file, where + "cannot be read back as a window's summary ("
                    + (e instanceof com.fasterxml.jackson.core.JsonProcessingException ? "not the JSON analyze writes"
                    : OutputException.reason(e)) + "); remove it to analyse the window again");
        }
    }

    static String json(List<Trend.EndpointTrend> trends, List<Trend.Window> windows, List<Skipped> skipped) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("stableShare", Trend.STABLE_SHARE);
        doc.put("minResolvedWindows", Trend.MIN_RESOLVED);
        doc.put("hourOfDayZone", Trend.JST.getId());
        doc.put("windows", windows.stream().map(TrendRun::windowJson).toList());
        doc.put("skipped", skipped.stream().map(k -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("runId", k.runId());
            m.put("problem", k.problem());
            return m;
        }).toList());
        doc.put("endpoints", trends);
        try {
            return JSON.writeValueAsString(doc) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** In a fixed key order: Map.of would order them differently in every JVM, and trend.json with them. */
    private static Map<String, Object> windowJson(Trend.Window w) {
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("runId", w.runId());
        window.put("time", w.time().toString());
        window.put("recommendedPrimaryAzId", String.valueOf(w.summary().recommendedPrimaryAzId()));
        return window;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AnalysisException(file + ": cannot be written ("
                    + OutputException.reason(e) + "); check there is room on the disk");
        }
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new AnalysisException(from + ": cannot reuse the cached window ("
                    + OutputException.reason(e) + "); check the permissions "
                    + "of --out, or remove its windows/ to analyse every window again");
        }
    }
}
