package com.kubetrader.cli;

import java.util.List;
import picocli.CommandLine;

/** Settings and stack-file errors: the message alone on stderr, exit code 1. */
final class Errors {

    static final int INVALID_SETTINGS = 1;

    private Errors() {
    }

    static int print(CommandLine.Model.CommandSpec spec, String message) {
        return print(spec, List.of(message));
    }

    static int print(CommandLine.Model.CommandSpec spec, List<String> messages) {
        var err = spec.commandLine().getErr();
        for (String message : messages) {
            err.println("error: " + message);
        }
        err.flush();
        return INVALID_SETTINGS;
    }
}
