package com.kubetrader.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine;

/** One run of the command line, in this JVM: exit code, stdout, stderr. Runs are cached by arguments. */
record CliRun(int exit, String out, String err) {

    private static final Map<List<String>, CliRun> CACHE = new ConcurrentHashMap<>();

    /** Runs the command line; the mock engine is global, so runs go one at a time. */
    static synchronized CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = KubetraderCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    /** The same arguments give the same answer; the plan tests share runs instead of repeating them. */
    static CliRun cached(String... args) {
        CliRun cached = CACHE.get(List.of(args));
        if (cached == null) {
            cached = of(args);
            CACHE.put(List.of(args), cached);
        }
        return cached;
    }
}
