package com.kubetrader.offline;

import com.kubetrader.stack.KubetraderStack;
import com.pulumi.core.Output;
import com.pulumi.exceptions.RunException;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;
import com.pulumi.test.internal.PulumiTestInternal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Runs the real stack program, the same {@code KubetraderStack.declare} that {@code pulumi up} runs, in
 * Pulumi's in-process mock engine against a {@link SimulatedAccount}. No AWS account, no CLI.
 */
public final class OfflineRun {

    private OfflineRun() {
    }

    /** What a run declared, what it exported, and the errors it stopped on. */
    public record Result(String stack, Map<String, String> config, List<PlannedResource> resources,
                         Map<String, Object> outputs, List<String> errors, List<Throwable> exceptions) {

        public boolean failed() {
            return !errors.isEmpty();
        }

        public List<PlannedResource> ofType(String type) {
            return resources.stream().filter(r -> r.type().equals(type)).toList();
        }

        public PlannedResource named(String type, String name) {
            return resources.stream().filter(r -> r.type().equals(type) && r.name().equals(name)).findFirst()
                    .orElseThrow(() -> new java.util.NoSuchElementException("no " + type + " named " + name
                            + "; declared: " + ofType(type).stream().map(PlannedResource::name).toList()));
        }

        /** The resource an ID in another resource's inputs refers to. */
        public PlannedResource byId(String id) {
            return resources.stream().filter(r -> r.id().filter(id::equals).isPresent()).findFirst()
                    .orElseThrow(() -> new java.util.NoSuchElementException("no resource has ID " + id));
        }

        public PlannedResource byUrn(String urn) {
            return resources.stream().filter(r -> r.urn().equals(urn)).findFirst().orElseThrow();
        }
    }

    /** Loads the stack's config from the project's files and runs the stack program. */
    public static Result run(Path projectDir, String stack, Map<String, String> overrides, SimulatedAccount account) {
        return run(projectDir, StackFiles.load(projectDir), stack, overrides, account, KubetraderStack::declare);
    }

    /**
     * Same, with the project's Pulumi.yaml already loaded (the CLI reads it to check overrides) and the program
     * given: {@code pulumi up} and the offline plan run the same {@link KubetraderStack#declare}, and taking it as
     * a parameter keeps this package from depending on the jar's main class (App → cli → offline → App was a
     * cycle).
     */
    public static Result run(Path projectDir, StackFiles files, String stack, Map<String, String> overrides,
                             SimulatedAccount account, Consumer<com.pulumi.Context> program) {
        return run(files.projectName(), stack, files.config(projectDir, stack, overrides), account, program);
    }

    /** Runs any program with an explicit config; the mock engine is cleaned up afterwards. */
    public static synchronized Result run(String project, String stack, Map<String, String> config,
                                          SimulatedAccount account, Consumer<com.pulumi.Context> program) {
        var monitor = new RecordingMonitor[1];
        try {
            TestResult result = PulumiTestInternal.builder()
                    .options(TestOptions.builder().projectName(project).stackName(stack).preview(false).build())
                    .mocks(account)
                    .config(config)
                    .standardLogger(PulumiTestInternal.logger(java.util.logging.Level.OFF))
                    .monitorDecorator(defaultMonitor -> monitor[0] = new RecordingMonitor(account, PulumiTestInternal.mockLog()))
                    .build()
                    .runTest(program);
            return collect(project, stack, config, result, monitor[0]);
        } finally {
            PulumiTest.cleanup();
        }
    }

    private static Result collect(String project, String stack, Map<String, String> config, TestResult result,
                                  RecordingMonitor monitor) {
        List<Throwable> exceptions = new ArrayList<>(result.exceptions());
        List<String> errors = new ArrayList<>();
        for (Throwable e : exceptions) {
            String message = userMessage(e);
            if (!errors.contains(message)) {
                errors.add(message);
            }
        }
        if (errors.isEmpty()) {
            errors.addAll(result.errors());
        }

        List<PlannedResource> resources = new ArrayList<>();
        if (monitor != null) {
            for (RecordingMonitor.Registration r : monitor.registrations()) {
                resources.add(new PlannedResource(urn(project, stack, r), r.type(), r.name(), r.parentUrn(),
                        r.custom(), r.protect(), r.retainOnDelete(), r.readId(), r.inputs(), monitor.idOf(r),
                        r.ignoreChanges(), r.deleteBeforeReplace(), r.dependsOn()));
            }
        }

        if (errors.isEmpty()) {
            errors.addAll(forwardingViolations(resources));
        }
        if (errors.isEmpty()) {
            errors.addAll(awsViolations(resources, config));
        }

        Map<String, Object> outputs = new TreeMap<>();
        if (errors.isEmpty()) {
            result.outputs().forEach((key, output) -> outputs.put(key, valueOf(output)));
        }
        return new Result(stack, config, resources, outputs, errors, exceptions);
    }

    /**
     * AWS's rules on what the program actually declared. The stack already checked what it meant to declare before
     * declaring anything; this checks the declarations themselves, so a component that sends a value its plan does
     * not describe is caught here, in every offline plan.
     */
    static List<String> awsViolations(List<PlannedResource> resources, Map<String, String> config) {
        var reader = new com.kubetrader.plan.settings.SettingsReader(
                com.kubetrader.plan.settings.ConfigSource.of(config), "kubetrader");
        Map<String, String> defaultTags = com.kubetrader.plan.aws.ProviderDefaults.defaultTags(reader);
        var catalog = com.kubetrader.plan.aws.AwsCatalog.bundled();
        var found = com.kubetrader.plan.aws.AwsRules.check(catalog, RecordedInputs.of(resources, catalog, defaultTags));
        return found.isEmpty() ? List.of() : List.of("The declared resources break AWS's rules:\n  - " + String.join(
                "\n  - ", found.stream().map(com.kubetrader.plan.aws.AwsViolation::message).toList()));
    }

    /** What was declared with source/destination check off must be the NAT instance's interface. */
    static List<String> forwardingViolations(List<PlannedResource> resources) {
        List<com.kubetrader.plan.network.SecurityInvariants.Forwarding> declared = new ArrayList<>();
        for (PlannedResource r : resources) {
            Object check = r.inputs().get("sourceDestCheck");
            if (check != null) {
                boolean natTagged = r.inputs().get("tags") instanceof Map<?, ?> tags
                        && tags.containsKey(com.kubetrader.plan.network.NatPlan.InstanceSlot.TAG);
                declared.add(new com.kubetrader.plan.network.SecurityInvariants.Forwarding(r.type(), r.name(),
                        !Boolean.FALSE.equals(check), natTagged));
            }
        }
        List<String> found = com.kubetrader.plan.network.SecurityInvariants.forwardingViolations(declared);
        return found.isEmpty() ? found
                : List.of("The declared resources break the security stance:\n  - " + String.join("\n  - ", found));
    }

    private static String urn(String project, String stack, RecordingMonitor.Registration r) {
        String parentType = "";
        if (r.parentUrn() != null && !r.parentUrn().isEmpty()) {
            parentType = r.parentUrn().split("::")[2] + "$";
        }
        return "urn:pulumi:" + stack + "::" + project + "::" + parentType + r.type() + "::" + r.name();
    }

    private static Object valueOf(Output<?> output) {
        return PulumiTestInternal.extractOutputData(output).getValueNullable();
    }

    /** The message a user should see: the innermost cause that explains, never a stack trace. */
    /** "java.lang.IllegalArgumentException: " and the like, repeated, at the start of a message. */
    static final java.util.regex.Pattern CLASS_NAME_PREFIX =
            java.util.regex.Pattern.compile("^(?:(?:[a-z_][\\w$]*\\.)+[A-Z][\\w$]*(?::\\s*|$))+");

    public static String userMessage(Throwable e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof com.kubetrader.plan.settings.InvalidSettingsException || t instanceof RunException
                    || t instanceof com.kubetrader.plan.transition.TransitionRefusedException
                    || t instanceof StackFiles.StackFileException || t instanceof IllegalStateException) {
                return t.getMessage();
            }
            t = t.getCause();
        }
        // Anything else: its own words, never a class name. A wrapper's message is often its cause's toString()
        // ("java.lang.IllegalArgumentException: ..."): the class name is cut off.
        for (t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                String words = CLASS_NAME_PREFIX.matcher(t.getMessage()).replaceFirst("");
                if (!words.isBlank()) {
                    return words;
                }
            }
        }
        return "unexpected " + e.getClass().getSimpleName() + " (no message); please report it";
    }

}
