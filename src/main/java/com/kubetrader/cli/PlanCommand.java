package com.kubetrader.cli;

import com.kubetrader.offline.OfflineRun;
import com.kubetrader.offline.PlanJson;
import com.kubetrader.offline.PlanMermaid;
import com.kubetrader.offline.PlanTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kubetrader plan --stack dev}: runs the real stack program (App.stack) in Pulumi's mock
 * engine against the simulated account and shows what it would create.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Show what the stack program would create, offline: the real program in Pulumi's mock "
                + "engine against a simulated account (no AWS, no Pulumi CLI).",
                "Exit codes: 0 planned (with --diff-against: the change completes in one `pulumi up`), "
                        + "1 invalid settings, 2 bad flags, 3 (with --diff-against) a protected or retained resource "
                        + "would be replaced or deleted, 4 (with --diff-against) a step would be refused by AWS, the "
                        + "engine or the program: the report prints the runs that get there, 75 (with --update-readme) "
                        + "another run is updating the same file, 130/143 interrupted (SIGINT/SIGTERM; the README is "
                        + "as it was)."})
public final class PlanCommand implements Callable<Integer> {

    /** README markers around the generated topology diagram. */
    public static final String TOPOLOGY_BEGIN = "<!-- topology:begin -->";
    public static final String TOPOLOGY_END = "<!-- topology:end -->";
    /** The stack the README's diagram shows (a test holds the README to it). */
    public static final String README_STACK = "prod";

    @Mixin
    StackOptions stack;

    @CommandLine.ArgGroup(exclusive = true)
    Format format = new Format();

    static final class Format {
        @Option(names = "--json", description = "One JSON document: every resource with its full inputs, and the outputs, in a stable order.")
        boolean json;

        @Option(names = "--mermaid", description = "The topology as a Mermaid flowchart (the README's diagram is the prod stack's).")
        boolean mermaid;
    }

    @Option(names = "--diff-against", paramLabel = "<plan.json>",
            description = "Compare with a plan saved by `plan --json` (another commit's, say) and show what `pulumi up` "
                    + "would do: create, update (the changed inputs), replace (an input forcing a new resource changed) "
                    + "or delete; then the steps in the engine's order with estimated times, what AWS would refuse, the seconds "
                    + "the workload subnet has no egress or egresses from an address the exchange has not whitelisted, "
                    + "and the way through. With --json, all of it as JSON.")
    Path diffAgainst;

    @Option(names = "--update-readme", paramLabel = "<file>",
            description = "With --mermaid and --stack prod: replace the diagram between the topology markers in this "
                    + "file (README.md), whose diagram is the prod stack's.")
    Path readme;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (readme != null && !format.mermaid) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--update-readme needs --mermaid");
        }
        if (readme != null && !Files.isRegularFile(readme)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--update-readme '" + readme + "' "
                    + (Files.isDirectory(readme) ? "is a directory" : "does not exist") + "; name the README.md whose "
                    + "diagram to replace (it must hold the " + TOPOLOGY_BEGIN + " and " + TOPOLOGY_END + " markers)");
        }
        if (readme != null && !README_STACK.equals(stack.stack)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--update-readme with --stack " + stack.stack
                    + ": the README's diagram is the " + README_STACK + " stack's; run with --stack " + README_STACK);
        }
        com.fasterxml.jackson.databind.JsonNode saved = null;
        if (diffAgainst != null) {
            if (format.mermaid || readme != null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--diff-against shows a diff; it does not combine with --mermaid or --update-readme");
            }
            saved = readSavedPlan(diffAgainst);
        }
        var ran = stack.runOrReport(spec);
        if (ran.isEmpty()) {
            return Errors.INVALID_SETTINGS;
        }
        OfflineRun.Result result = ran.get();
        Map<String, String> zones = stack.azNamesById();
        if (saved != null) {
            return diff(saved, result, zones);
        }
        if (format.json) {
            spec.commandLine().getOut().print(PlanJson.render(result, zones));
        } else if (format.mermaid) {
            String diagram = PlanMermaid.render(result, zones);
            if (readme != null) {
                try (var lock = com.kubetrader.output.OutputLock.acquire(readme, "--update-readme")) {
                    String before = Files.readString(readme);
                    String after = replaceTopology(before, diagram);
                    if (after.equals(before)) {
                        spec.commandLine().getOut().println("the topology diagram in " + readme + " is already current");
                    } else {
                        // staged beside it, then moved over it: an interrupted write never leaves half a README
                        var staged = com.kubetrader.output.StagedFile.create(readme.toAbsolutePath());
                        try {
                            Files.writeString(staged.partial(), after);
                            staged.commit();
                        } finally {
                            staged.discard(); // a no-op once committed
                        }
                        spec.commandLine().getOut().println("updated the topology diagram in " + readme);
                    }
                } catch (com.kubetrader.output.OutputLock.Held e) {
                    Errors.print(spec, e.getMessage());
                    return com.kubetrader.output.OutputLock.EXIT_LOCKED;
                } catch (com.kubetrader.output.OutputException e) {
                    return Errors.print(spec, e.getMessage());
                } catch (IOException e) {
                    return Errors.print(spec, "--update-readme '" + readme + "' cannot be updated ("
                            + com.kubetrader.output.OutputException.reason(e) + "); check the path and its permissions");
                } catch (IllegalArgumentException e) {
                    return Errors.print(spec, "cannot update " + readme + ": " + e.getMessage());
                }
            } else {
                spec.commandLine().getOut().print(diagram);
            }
        } else {
            spec.commandLine().getOut().print(PlanTree.render(result, zones));
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** A saved plan, checked before the program runs: readable, JSON, a plan of the same stack. */
    private com.fasterxml.jackson.databind.JsonNode readSavedPlan(Path file) {
        com.fasterxml.jackson.databind.JsonNode node;
        try {
            node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var at = e.getLocation();
            throw new CommandLine.ParameterException(spec.commandLine(), "--diff-against '" + file
                    + "' is not complete JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr()) + " (" + e.getOriginalMessage().lines().findFirst().orElse("") + "): a "
                    + "truncated or edited file? Save it again with `plan --stack " + stack.stack + " --json > plan.json`");
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--diff-against '" + file
                    + "' cannot be read (" + (Files.isDirectory(file) ? "it is a directory"
                    : Files.exists(file) ? (e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : com.kubetrader.output.OutputException.reason(e)) : "no such file") + "); save one with "
                    + "`plan --stack " + stack.stack + " --json > plan.json`");
        }
        if (node == null || !node.path("resources").isArray() || !node.path("stack").isTextual()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--diff-against '" + file
                    + "' is not a saved plan (no \"stack\" and \"resources\"); save one with `plan --json`");
        }
        if (!node.get("stack").asText().equals(stack.stack)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--diff-against '" + file + "' is a plan of "
                    + "stack " + node.get("stack").asText() + ", not " + stack.stack + "; diff plans of one stack");
        }
        return node;
    }

    /** The exit code CI fails on: a protected or retained resource would be replaced or deleted. */
    public static final int PROTECTED_AT_RISK = com.kubetrader.plan.diff.Transition.PROTECTED_AT_RISK;
    /** The exit code for a change that cannot complete in one `pulumi up`; the way through is printed. */
    public static final int REFUSED = com.kubetrader.plan.diff.Transition.REFUSED;

    private int diff(com.fasterxml.jackson.databind.JsonNode saved, OfflineRun.Result result, Map<String, String> zones) {
        com.fasterxml.jackson.databind.JsonNode now;
        try {
            now = new com.fasterxml.jackson.databind.ObjectMapper().readTree(PlanJson.render(result, zones));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        var t = com.kubetrader.plan.diff.Transition.of(saved, now);
        String against = diffAgainst.toString();
        String report = format.json
                ? com.kubetrader.plan.diff.DiffReport.json(stack.stack, against, t)
                : com.kubetrader.plan.diff.DiffReport.text(stack.stack, against, t);
        spec.commandLine().getOut().print(report);
        spec.commandLine().getOut().flush();
        return t.exitCode();
    }

    /** The README block: the markers around a mermaid fence holding the diagram. */
    public static String topologyBlock(String diagram) {
        return TOPOLOGY_BEGIN + "\n```mermaid\n" + diagram + "```\n" + TOPOLOGY_END;
    }

    /** The diagram currently between the markers (without the fence), for the sync test. */
    public static String topologyIn(String readme) {
        int begin = readme.indexOf(TOPOLOGY_BEGIN);
        int end = readme.indexOf(TOPOLOGY_END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("no " + TOPOLOGY_BEGIN + " ... " + TOPOLOGY_END + " block");
        }
        String block = readme.substring(begin + TOPOLOGY_BEGIN.length(), end).strip();
        if (!block.startsWith("```mermaid") || !block.endsWith("```")) {
            throw new IllegalArgumentException("the topology block is not a ```mermaid fenced block");
        }
        return block.substring("```mermaid".length(), block.length() - 3).strip() + "\n";
    }

    static String replaceTopology(String readme, String diagram) {
        topologyIn(readme); // checks the markers
        int begin = readme.indexOf(TOPOLOGY_BEGIN);
        int end = readme.indexOf(TOPOLOGY_END) + TOPOLOGY_END.length();
        return readme.substring(0, begin) + topologyBlock(diagram) + readme.substring(end);
    }
}
