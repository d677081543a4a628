package com.kubetrader.cli;

import com.kubetrader.offline.OfflineRun;
import com.kubetrader.offline.SimulatedAccount;
import com.kubetrader.offline.StackFiles;
import com.kubetrader.plan.settings.Suggest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * What plan and cost share: which stack, where the project is, config overrides and the
 * simulated account's AZ names. Bad flag values are picocli parameter errors (exit code 2).
 */
public final class StackOptions {

    static final Pattern AZ_NAME = Pattern.compile("[a-z]{2}(-gov)?-[a-z]+-[0-9][a-z]");
    static final Pattern CONFIG_KEY = Pattern.compile("[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+");

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--stack", required = true, paramLabel = "<stack>",
            description = "The stack whose Pulumi.<stack>.yaml to use (dev, prod).")
    String stack;

    @Option(names = "--set", paramLabel = "<key=value>",
            description = "Override one config value, namespaced as in the stack file (kubetrader:flowLogs=true). Repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--az-map", paramLabel = "<id=name,...>",
            description = "Simulate another account's AZ names: AZ ID=AZ name, comma separated "
                    + "(apne1-az4=ap-northeast-1c,apne1-az1=ap-northeast-1a). AZ IDs absent from the map are not offered. "
                    + "Default: the seed account (apne1-az4=ap-northeast-1a, apne1-az1=ap-northeast-1c, apne1-az2=ap-northeast-1d).")
    String azMap;

    @Option(names = "--project-dir", paramLabel = "<dir>", defaultValue = ".",
            description = "The Pulumi project directory (default: the current directory).")
    Path projectDir;

    /** The project as the CLI would see it; a missing Pulumi.yaml or stack file is a parameter error. */
    StackFiles stackFiles() {
        Path dir = projectDir.toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("Pulumi.yaml"))) {
            throw bad("no Pulumi.yaml in " + dir + "; run from the project directory or pass --project-dir");
        }
        if (!Files.isRegularFile(dir.resolve("Pulumi." + stack + ".yaml"))) {
            List<String> existing = stackNames(dir);
            throw bad("unknown stack '" + stack + "': no Pulumi." + stack + ".yaml in " + dir + "; stack files there: "
                    + (existing.isEmpty() ? "none" : String.join(", ", existing)));
        }
        return StackFiles.load(dir);
    }

    static List<String> stackNames(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("Pulumi.") && n.endsWith(".yaml") && !n.equals("Pulumi.yaml"))
                    .sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The --set values, checked: key=value, a namespaced key, and a key Pulumi.yaml declares for the project. */
    Map<String, String> overrides(StackFiles files) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String set : sets) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw bad("--set '" + set + "': expected namespace:key=value, such as kubetrader:flowLogs=true");
            }
            String key = set.substring(0, eq).trim();
            String value = set.substring(eq + 1);
            if (!CONFIG_KEY.matcher(key).matches()) {
                throw bad("--set '" + set + "': key '" + key + "' is not namespaced; expected namespace:key, such as "
                        + files.projectName() + ":" + key);
            }
            if (key.startsWith(files.projectName() + ":") && !files.declaredKeys().containsKey(key)) {
                throw bad("--set '" + set + "': Pulumi.yaml declares no key " + key
                        + Suggest.nearest(key, files.declaredKeys().keySet()).map(k -> "; did you mean " + k + "?")
                                .orElse("; Pulumi.yaml's config section lists all " + files.declaredKeys().size()
                                        + " keys, each with its description"));
            }
            if (overrides.put(key, value) != null) {
                throw bad("--set: " + key + " is set twice");
            }
        }
        return overrides;
    }

    /** The simulated account: the seed's AZ names, or the --az-map ones. */
    SimulatedAccount account() {
        return new SimulatedAccount(azNamesById());
    }

    Map<String, String> azNamesById() {
        if (azMap == null) {
            return SimulatedAccount.SEED_AZ_NAMES;
        }
        return parseAzMap(azMap).orElseThrow(this::bad);
    }

    /** The parsed map, or the reason it is not one. */
    static Either parseAzMap(String text) {
        Map<String, String> byId = new LinkedHashMap<>();
        if (text.isBlank()) {
            return Either.error("--az-map is empty; expected AZ ID=AZ name pairs, such as apne1-az4=ap-northeast-1c");
        }
        for (String pair : text.split(",", -1)) {
            String[] parts = pair.split("=", -1);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                return Either.error("--az-map entry '" + pair + "': expected AZ ID=AZ name, such as apne1-az4=ap-northeast-1c");
            }
            String id = parts[0].trim();
            String name = parts[1].trim();
            try {
                com.kubetrader.plan.AzId.of(id);
            } catch (IllegalArgumentException e) {
                return Either.error("--az-map entry '" + pair + "': '" + id + "' is not an AZ ID; expected the form apne1-az4"
                        + (AZ_NAME.matcher(id).matches() ? " (that is an AZ name: the map goes from ID to name)" : ""));
            }
            if (!AZ_NAME.matcher(name).matches() || !name.startsWith(SimulatedAccount.REGION)) {
                return Either.error("--az-map entry '" + pair + "': '" + name + "' is not an AZ name in "
                        + SimulatedAccount.REGION + "; expected the region and a letter, such as ap-northeast-1c");
            }
            if (!id.startsWith("apne1-")) {
                return Either.error("--az-map entry '" + pair + "': " + id + " is not an AZ ID of "
                        + SimulatedAccount.REGION + "; its AZ IDs start with apne1-");
            }
            if (byId.containsKey(id)) {
                return Either.error("--az-map: AZ ID " + id + " appears twice; each AZ ID has exactly one name in an account");
            }
            if (byId.containsValue(name)) {
                return Either.error("--az-map: AZ name " + name + " appears twice; each name labels exactly one AZ ID");
            }
            byId.put(id, name);
        }
        return Either.ok(java.util.Collections.unmodifiableMap(byId));
    }

    /** A parsed value or a message. */
    record Either(Map<String, String> value, String error) {
        static Either ok(Map<String, String> value) {
            return new Either(value, null);
        }

        static Either error(String error) {
            return new Either(null, error);
        }

        Map<String, String> orElseThrow(java.util.function.Function<String, RuntimeException> toException) {
            if (error != null) {
                throw toException.apply(error);
            }
            return value;
        }
    }

    /** Loads the stack files, checks every flag, and runs the program against the simulated account. */
    OfflineRun.Result run() {
        return run(Map.of());
    }

    /** The same, with these config values set over the --set ones (cost's evacuated variant, say). */
    OfflineRun.Result run(Map<String, String> more) {
        quietEngineLog();
        StackFiles files = stackFiles();
        Map<String, String> overrides = new LinkedHashMap<>(overrides(files));
        overrides.putAll(more);
        SimulatedAccount account = account();
        return OfflineRun.run(projectDir.toAbsolutePath().normalize(), files, stack, overrides, account,
                com.kubetrader.stack.KubetraderStack::declare);
    }

    /**
     * Runs the stack offline, or prints why it could not (a stack-file or settings error) and
     * returns empty; the caller then exits with {@link Errors#INVALID_SETTINGS}.
     */
    java.util.Optional<OfflineRun.Result> runOrReport(picocli.CommandLine.Model.CommandSpec spec) {
        try {
            OfflineRun.Result result = run();
            if (result.failed()) {
                Errors.print(spec, result.errors());
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(result);
        } catch (com.kubetrader.offline.StackFiles.StackFileException e) {
            Errors.print(spec, e.getMessage());
            return java.util.Optional.empty();
        }
    }

    /** Held, so the level set on it is not lost to garbage collection. */
    private static final java.util.logging.Logger ROOT_LOG = java.util.logging.Logger.getLogger("");

    /**
     * The mock engine logs the program's errors through java.util.logging as well; the command
     * prints them itself, once, as plain messages.
     */
    static void quietEngineLog() {
        ROOT_LOG.setLevel(java.util.logging.Level.OFF);
        for (var handler : ROOT_LOG.getHandlers()) {
            handler.setLevel(java.util.logging.Level.OFF);
        }
    }

    CommandLine.ParameterException bad(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
