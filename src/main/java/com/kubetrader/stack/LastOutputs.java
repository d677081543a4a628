package com.kubetrader.stack;

import com.pulumi.core.TypeShape;
import com.pulumi.core.annotations.CustomType;
import com.pulumi.core.annotations.Import;
import com.pulumi.deployment.Deployment;
import com.pulumi.resources.InvokeArgs;
import java.util.List;
import java.util.Map;

/**
 * This stack's outputs as its last {@code pulumi up} left them, read through the engine's built-in
 * {@code pulumi:pulumi:readStackOutputs} (the invoke behind a StackReference; pulumi/pulumi
 * pkg/resource/deploy/builtins.go). A stack may read its own: the engine replaces a stack's outputs only at the end of
 * a run, so during {@code pulumi preview} and {@code pulumi up} this is the last deployment's. Both backends accept the
 * fully qualified name; the self-managed one names its organization "organization", which is what
 * {@code ctx.organizationName()} returns there.
 */
final class LastOutputs {

    static final String TOKEN = "pulumi:pulumi:readStackOutputs";

    private LastOutputs() {
    }

    static final class Args extends InvokeArgs {
        @Import(name = "name", required = true)
        private String name;

        Args(String name) {
            this.name = name;
        }
    }

    /** The invoke's result: the stack's name, its outputs, and which of them are secret. */
    @CustomType
    public static final class Result {
        private String name;
        private Map<String, Object> outputs;
        private List<String> secretOutputNames;

        private Result() {
        }

        public Map<String, Object> outputs() {
            return outputs == null ? Map.of() : outputs;
        }

        @CustomType.Builder
        public static final class Builder {
            private final Result result = new Result();

            public Builder() {
            }

            @CustomType.Setter
            public Builder name(String name) {
                result.name = name;
                return this;
            }

            @CustomType.Setter
            public Builder outputs(Map<String, Object> outputs) {
                result.outputs = outputs;
                return this;
            }

            @CustomType.Setter
            public Builder secretOutputNames(List<String> names) {
                result.secretOutputNames = names;
                return this;
            }

            public Result build() {
                return result;
            }
        }
    }

    /** The outputs of {@code organization/project/stack}; empty for a stack never deployed. */
    static Map<String, Object> read(String organization, String project, String stack) {
        String name = organization + "/" + project + "/" + stack;
        Result result = Deployment.getInstance().invokeAsync(TOKEN, TypeShape.of(Result.class), new Args(name)).join();
        return result == null ? Map.of() : result.outputs();
    }
}
