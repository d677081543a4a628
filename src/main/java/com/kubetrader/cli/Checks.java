package com.kubetrader.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Flag values checked before a command does any work; each failure names the flag, the value and a fix. */
final class Checks {

    /** Pulumi's stack names: letters, digits, '-', '_' and '.', optionally qualified as org/project/stack. */
    static final Pattern STACK_NAME = Pattern.compile("([A-Za-z0-9_.-]+/){0,2}[A-Za-z0-9_.-]{1,100}");

    /** A DuckDB memory_limit: a number and a unit. */
    static final Pattern MEMORY_LIMIT =
            Pattern.compile("(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)\\s*");

    /** Below this DuckDB cannot hold even a small run's hash table and fails with an out-of-memory. */
    static final long MIN_MEMORY_BYTES = 64L << 20;

    static final int MAX_THREADS = 256;

    private Checks() {
    }

    static void stackName(CommandLine cli, String flag, String value) {
        if (value == null || !STACK_NAME.matcher(value).matches()) {
            throw new CommandLine.ParameterException(cli, flag + " '" + value + "' is not a Pulumi stack name; "
                    + "expected letters, digits, '-', '_' or '.', optionally as org/project/stack (such as dev or prod)");
        }
    }

    /** The limit in bytes; a value DuckDB would reject, or one too small to work with, is refused. */
    static long memoryLimit(CommandLine cli, String flag, String value) {
        Matcher m = value == null ? null : MEMORY_LIMIT.matcher(value);
        if (m == null || !m.matches()) {
            throw new CommandLine.ParameterException(cli, flag + " '" + value + "' is not a size; expected a number "
                    + "and a unit (KB, MB, GB, TB or KiB, MiB, GiB, TiB), such as 1GB or 512MiB");
        }
        String unit = m.group(2).toUpperCase(Locale.ROOT);
        int power = "KMGT".indexOf(unit.charAt(0)) + 1;
        double base = unit.contains("I") ? 1024 : 1000;
        long bytes = (long) (Double.parseDouble(m.group(1)) * Math.pow(base, power));
        if (bytes < MIN_MEMORY_BYTES) {
            throw new CommandLine.ParameterException(cli, flag + " '" + value + "' is too small for DuckDB to "
                    + "align a run; expected at least 64MiB (the default, 1GB, suits runs of tens of millions of trades)");
        }
        return bytes;
    }

    static void range(CommandLine cli, String flag, long value, long min, long max, String hint) {
        if (value < min || value > max) {
            throw new CommandLine.ParameterException(cli, flag + " '" + value + "' is out of range; expected "
                    + min + " to " + max + (hint.isEmpty() ? "" : " (" + hint + ")"));
        }
    }
}
