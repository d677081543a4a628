package com.kubetrader.analysis;

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
 * them. Each window's report lands in {@code OUT/windows/<runId>/} with a fingerprint of the run's files; the next
 * trend over the same directory reuses a window whose files have not changed instead of scanning it again, so a
 * hundred windows cost one DuckDB pass each, once. The output is staged and moved into place only when complete.
 */
public final class TrendRun {

    public static final Set<String> OUTPUT_FILES = Set.of("trend.json", "trend.md", "trend.svg", "windows");
    static final Pattern RUN_ID_TIME = Pattern.compile("\\d{8}T\\d{6}Z");
    static final DateTimeFormatter RUN_ID_FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final ObjectMapper READER = new ObjectMapper();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** What a trend run did: the trends, and how many windows were analysed anew or taken from the cache. */
    public record Result(List<Trend.EndpointTrend> trends, int analysed, int cached, Path outDir) {
    }

    private TrendRun() {
    }

    public static Result run(Path runsDir, Path outDir, String stack, String primaryEndpoint,
                             RunAnalyzer.Settings settings) {
        Consumer<String> progress = settings.progress();
        List<Path> runs = windows(runsDir);
        Path previous = outDir.resolve("windows").toAbsolutePath();
        try (StagedDirectory staged = StagedDirectory.beside(outDir, "--out", OUTPUT_FILES)) {
            List<Trend.Window> windows = new ArrayList<>();
            int analysed = 0;
            int cached = 0;
            for (Path run : runs) {
                String runId = run.getFileName().toString();
                Path target = staged.path().resolve("windows").resolve(runId);
                String fingerprint = fingerprint(run);
                Path old = previous.resolve(runId);
                if (Files.isRegularFile(old.resolve("summary.json")) && Files.isRegularFile(old.resolve("source.txt"))
                        && read(old.resolve("source.txt")).equals(fingerprint)) {
                    copyTree(old, target);
                    cached++;
                } else {
                    progress.accept("window " + runId + ": analysing");
                    Analysis.run(run, target, stack, primaryEndpoint, settings.withProgress(line -> { }));
                    write(target.resolve("source.txt"), fingerprint);
                    analysed++;
                }
                windows.add(new Trend.Window(runId, timeOf(run), readSummary(target.resolve("summary.json"))));
            }
            progress.accept(analysed + " window(s) analysed, " + cached + " taken from " + previous);
            List<Trend.EndpointTrend> trends = Trend.of(windows);
            write(staged.path().resolve("trend.json"), json(trends, windows));
            write(staged.path().resolve("trend.md"), TrendReport.markdown(trends, runsDir));
            try {
                TrendChart.writeSvg(trends, staged.path().resolve("trend.svg"));
            } catch (IOException e) {
                throw new AnalysisException(outDir + ": cannot write trend.svg (" + e + ")");
            }
            staged.commit();
            return new Result(trends, analysed, cached, staged.target());
        }
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
            throw new AnalysisException(runsDir + ": cannot list it (" + e + ")");
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
            throw new AnalysisException(run + ": cannot tell when the window ran (" + e.getMessage() + ")");
        }
        if (earliest == null) {
            throw new AnalysisException(run + ": cannot tell when the window ran: its name is not a UTC run ID such as "
                    + "20261122T060000Z and no metadata.json has a startedAt");
        }
        return earliest;
    }

    /** The run's files by path, size and modification time: a changed or added file invalidates the cache. */
    static String fingerprint(Path run) {
        try (Stream<Path> s = Files.walk(run)) {
            StringBuilder sb = new StringBuilder();
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                sb.append(run.relativize(f)).append(' ').append(Files.size(f)).append(' ')
                        .append(Files.getLastModifiedTime(f).toMillis()).append('\n');
            }
            return sb.toString();
        } catch (IOException e) {
            throw new AnalysisException(run + ": cannot be read (" + e + ")");
        }
    }

    static Summary readSummary(Path file) {
        try {
            return READER.readValue(file.toFile(), Summary.class);
        } catch (IOException e) {
            throw AnalysisException.inFile(file, "cannot be read back (" + e.getMessage() + ")");
        }
    }

    static String json(List<Trend.EndpointTrend> trends, List<Trend.Window> windows) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("stableShare", Trend.STABLE_SHARE);
        doc.put("minResolvedWindows", Trend.MIN_RESOLVED);
        doc.put("hourOfDayZone", Trend.JST.getId());
        doc.put("windows", windows.stream().map(TrendRun::windowJson).toList());
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
            throw new AnalysisException(file + ": cannot be written (" + e + ")");
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
            throw new AnalysisException(from + ": cannot reuse the cached window (" + e + ")");
        }
    }
}
