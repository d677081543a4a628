package com.kubetrader.plan.transition;

import java.util.List;

/** One step of the way through: what it is for, and the commands (config changes, then pulumi up). */
public record Run(String purpose, List<String> commands) {

    public Run {
        commands = List.copyOf(commands);
    }

    /** Set these keys (key, value, ...; a null value removes the key), then pulumi up. */
    public static Run configThenUp(String purpose, String stack, String... keysAndValues) {
        List<String> commands = new java.util.ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            commands.add(keysAndValues[i + 1] == null ? "pulumi config rm " + keysAndValues[i] + " -s " + stack
                    : "pulumi config set " + keysAndValues[i] + " " + keysAndValues[i + 1] + " -s " + stack);
        }
        commands.add("pulumi up -s " + stack);
        return new Run(purpose, commands);
    }

    public String render(int number) {
        return number + ". " + purpose + ":\n" + String.join("\n", commands.stream().map(c -> "     " + c).toList());
    }
}
