package com.kubetrader.plan.fleet;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EventBridge Scheduler recurring expression, {@code rate(value unit)} or
 * {@code cron(minutes hours day-of-month month day-of-week year)}, understood well enough to answer the two
 * questions the benchmark asks of it: how often does it fire in a month, and how close together can two
 * firings come (so two windows never overlap)? {@code at(...)} is one-off and not a recurring window.
 *
 * <p>Supported in cron fields: {@code *}, {@code ?}, numbers, names (JAN, MON), lists, ranges and steps. The
 * special forms {@code L}, {@code W} and {@code #} are refused, with a message saying so: the window check
 * could not be made for them.
 */
public record ScheduleExpression(String text, Duration rate, List<String> cronFields) {

    static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");
    static final Pattern CRON = Pattern.compile("cron\\(([^()]+)\\)");
    static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("JAN", 1), Map.entry("FEB", 2),
            Map.entry("MAR", 3), Map.entry("APR", 4), Map.entry("MAY", 5), Map.entry("JUN", 6), Map.entry("JUL", 7),
            Map.entry("AUG", 8), Map.entry("SEP", 9), Map.entry("OCT", 10), Map.entry("NOV", 11), Map.entry("DEC", 12));
    /** EventBridge numbers days of the week 1 (SUN) to 7 (SAT). */
    static final Map<String, Integer> DAYS = Map.of("SUN", 1, "MON", 2, "TUE", 3, "WED", 4, "THU", 5, "FRI", 6,
            "SAT", 7);
    /** How far ahead firings are enumerated: four weeks cover every weekly pattern, and a 30-day month's count. */
    static final int HORIZON_DAYS = 30;

    /** Thrown with a message for the user: what is wrong with the expression and what is valid. */
    public static final class InvalidExpression extends Exception {
        InvalidExpression(String message) {
            super(message, null, false, false);
        }
    }

    public static ScheduleExpression parse(String text) throws InvalidExpression {
        String t = text.strip();
        Matcher rate = RATE.matcher(t);
        if (rate.matches()) {
            long value = Long.parseLong(rate.group(1));
            String unit = rate.group(2);
            if (value < 1) {
                throw new InvalidExpression("a rate must be at least 1");
            }
            if ((value == 1) != !unit.endsWith("s")) {
                throw new InvalidExpression("EventBridge wants the singular for 1 and the plural otherwise, such as "
                        + "rate(1 day) or rate(6 hours)");
            }
            ChronoUnit u = unit.startsWith("minute") ? ChronoUnit.MINUTES
                    : unit.startsWith("hour") ? ChronoUnit.HOURS : ChronoUnit.DAYS;
            return new ScheduleExpression(t, Duration.of(value, u), List.of());
        }
        Matcher cron = CRON.matcher(t);
        if (cron.matches()) {
            String[] fields = cron.group(1).strip().split("\\s+");
            if (fields.length != 6) {
                throw new InvalidExpression("a cron expression has six fields (minutes hours day-of-month month "
                        + "day-of-week year), this one has " + fields.length);
            }
            boolean domAny = fields[2].equals("?");
            boolean dowAny = fields[4].equals("?");
            if (domAny == dowAny) {
                throw new InvalidExpression("exactly one of day-of-month and day-of-week must be ?, such as "
                        + "cron(0 */6 * * ? *)");
            }
            ScheduleExpression e = new ScheduleExpression(t, null, List.of(fields));
            e.matcher(); // checks every field
            return e;
        }
        if (t.startsWith("at(")) {
            throw new InvalidExpression("at(...) fires once; a recurring window needs rate(...) or cron(...)");
        }
        throw new InvalidExpression("expected rate(value unit) or cron(minutes hours day-of-month month "
                + "day-of-week year), such as rate(1 day) or cron(0 */6 * * ? *)");
    }

    /** The firings in the next {@link #HORIZON_DAYS} days from {@code start}, in the schedule's time zone. */
    public List<ZonedDateTime> firings(ZonedDateTime start) {
        List<ZonedDateTime> out = new ArrayList<>();
        ZonedDateTime end = start.plusDays(HORIZON_DAYS);
        if (rate != null) {
            for (ZonedDateTime t = start; t.isBefore(end); t = t.plus(rate)) {
                out.add(t);
            }
            return out;
        }
        CronMatcher m;
        try {
            m = matcher();
        } catch (InvalidExpression e) {
            throw new IllegalStateException(e);
        }
        ZonedDateTime t = start.truncatedTo(ChronoUnit.MINUTES);
        for (; t.isBefore(end); t = t.plusMinutes(1)) {
            if (m.matches(t)) {
                out.add(t);
            }
        }
        return out;
    }

    /** How many windows a 30-day month holds. */
    public int windowsPerMonth(ZoneId zone) {
        return firings(ZonedDateTime.of(2026, 1, 5, 0, 0, 0, 0, zone)).size();
    }

    /** The shortest time between two consecutive firings: the longest a window may last. */
    public Duration shortestGap(ZoneId zone) {
        if (rate != null) {
            return rate;
        }
        List<ZonedDateTime> f = firings(ZonedDateTime.of(2026, 1, 5, 0, 0, 0, 0, zone));
        Duration min = Duration.ofDays(HORIZON_DAYS);
        for (int i = 1; i < f.size(); i++) {
            Duration gap = Duration.between(f.get(i - 1), f.get(i));
            if (gap.compareTo(min) < 0) {
                min = gap;
            }
        }
        return min;
    }

    private CronMatcher matcher() throws InvalidExpression {
        return new CronMatcher(field("minutes", cronFields.get(0), 0, 59, Map.of()),
                field("hours", cronFields.get(1), 0, 23, Map.of()),
                cronFields.get(2).equals("?") ? null : field("day-of-month", cronFields.get(2), 1, 31, Map.of()),
                field("month", cronFields.get(3), 1, 12, MONTHS),
                cronFields.get(4).equals("?") ? null : field("day-of-week", cronFields.get(4), 1, 7, DAYS),
                field("year", cronFields.get(5), 1970, 2199, Map.of()));
    }

    private static BitSet field(String name, String text, int min, int max, Map<String, Integer> names)
            throws InvalidExpression {
        BitSet set = new BitSet(max + 1);
        for (String part : text.toUpperCase(Locale.ROOT).split(",", -1)) {
            if (part.matches(".*[LW#].*") && !names.containsKey(part)) {
                throw new InvalidExpression(name + " '" + part + "' uses L, W or #, which this check does not "
                        + "evaluate; use lists, ranges and steps");
            }
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = number(name, part.substring(slash + 1), 1, max, Map.of());
                range = part.substring(0, slash);
            }
            int lo;
            int hi;
            if (range.equals("*") || range.equals("?")) {
                lo = min;
                hi = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", -1);
                lo = number(name, ends[0], min, max, names);
                hi = number(name, ends[1], min, max, names);
            } else {
                lo = number(name, range, min, max, names);
                hi = slash >= 0 ? max : lo;
            }
            if (lo > hi) {
                throw new InvalidExpression(name + " range '" + range + "' runs backwards");
            }
            for (int v = lo; v <= hi; v += step) {
                set.set(v);
            }
        }
        return set;
    }

    private static int number(String name, String text, int min, int max, Map<String, Integer> names)
            throws InvalidExpression {
        Integer named = names.get(text);
        if (named != null) {
            return named;
        }
        try {
            int v = Integer.parseInt(text);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidExpression(name + " '" + text + "' is not valid; expected " + min + " to " + max
                + (names.isEmpty() ? "" : " or a name such as " + names.keySet().stream().sorted().findFirst().orElseThrow()));
    }

    private record CronMatcher(BitSet minutes, BitSet hours, BitSet daysOfMonth, BitSet months, BitSet daysOfWeek,
                               BitSet years) {
        boolean matches(ZonedDateTime t) {
            LocalDate d = t.toLocalDate();
            int dow = d.getDayOfWeek() == DayOfWeek.SUNDAY ? 1 : d.getDayOfWeek().getValue() + 1;
            return minutes.get(t.getMinute()) && hours.get(t.getHour()) && months.get(t.getMonthValue())
                    && years.get(t.getYear())
                    && (daysOfMonth == null || daysOfMonth.get(t.getDayOfMonth()))
                    && (daysOfWeek == null || daysOfWeek.get(dow));
        }
    }
}
