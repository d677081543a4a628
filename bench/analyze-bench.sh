#!/usr/bin/env bash
# On-demand benchmark of `kubetrader analyze` (not a test). Generates, or reuses, a synthetic run of three instances
# with TRADES trades each over SYMBOLS symbols (default 10,000,000 and 3,000: about 2.2 GB of CSV), then, in one run
# and on the same files, times under /usr/bin/time -v:
#   1. the scan floor: DuckDB with analyze's settings reading the three CSVs once (count, sum, min), no alignment;
#   2. analyze itself;
#   3. the same analysis in pandas (Debian's python3-pandas on /usr/bin/python3): read the three columns, keep each
#      instance's lowest latency per (symbol, trade_id), keep the trades every instance saw, and per instance and
#      symbol count, min, p50, mean and p99, with the dropped rows counted; its ranking must match analyze's.
# It prints the machine, the load average before each step, each step's wall time, CPU and peak RSS, and the ratio
# analyze / pandas (the aim: at most 0.35) with the scan floor beside it.
#
#   bench/analyze-bench.sh                    # defaults
#   BENCH_DIR=/data/bench TRADES=1000000 bench/analyze-bench.sh
#   JAVA_OPTS="-Xmx1g" ANALYZE_OPTS="--memory-limit 1500MB" bench/analyze-bench.sh
#   SKIP_PANDAS=1 bench/analyze-bench.sh      # analyze and the scan floor only
#   bench/analyze-bench.sh --help             # this text
#
# Settings are environment variables: BENCH_DIR, TRADES (whole number >= 1), SYMBOLS (1 to 1000000), JAVA_OPTS,
# ANALYZE_OPTS, PYTHON, SKIP_PANDAS. It takes no arguments.
# Exit codes: 0 done, 1 a step failed (its output files are named), 2 a bad argument or setting, or a missing tool.
set -euo pipefail

usage() {
  sed -n '2,/^set -euo pipefail/p' "$0" | sed '$d' | sed -E 's/^# ?//'
}

fail() { # fail MESSAGE: one line starting error:, exit 2
  echo "error: $*" >&2
  exit 2
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  "") ;;
  *) fail "unexpected argument '$1': analyze-bench.sh takes no arguments; set TRADES, SYMBOLS, BENCH_DIR and the" \
          "others as environment variables (see bench/analyze-bench.sh --help)" ;;
esac
if [ $# -gt 1 ]; then
  fail "unexpected arguments '$*': analyze-bench.sh takes no arguments (see bench/analyze-bench.sh --help)"
fi
cd "$(dirname "$0")/.."

BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/kubetrader-bench}
TRADES=${TRADES:-10000000}
SYMBOLS=${SYMBOLS:-3000}
JAR=target/kubetrader.jar
JAVA_OPTS=${JAVA_OPTS:--XX:+UseSerialGC -Xmx256m -XX:TieredStopAtLevel=1}
ANALYZE_OPTS=${ANALYZE_OPTS:-}
PYTHON=${PYTHON:-/usr/bin/python3}

case "$TRADES" in
  ''|*[!0-9]*|0) fail "TRADES='$TRADES' is not a whole number of trades per instance >= 1; e.g. TRADES=1000000" ;;
esac
case "$SYMBOLS" in
  ''|*[!0-9]*|0) fail "SYMBOLS='$SYMBOLS' is not a whole number of symbols >= 1; e.g. SYMBOLS=3000" ;;
esac
if [ "${#TRADES}" -gt 12 ]; then
  fail "TRADES=$TRADES is too many; at most 999999999999 (10000000 is about 2.2 GB of CSV)"
fi
if [ "${#SYMBOLS}" -gt 7 ] || [ "$SYMBOLS" -gt 1000000 ]; then
  fail "SYMBOLS=$SYMBOLS is too many; at most 1000000"
fi
for tool in java /usr/bin/time bc awk; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed; install it (/usr/bin/time: apt-get install -y time," \
    "bc: apt-get install -y bc) and run again"
done
if [ -e "$BENCH_DIR" ] && [ ! -d "$BENCH_DIR" ]; then
  fail "BENCH_DIR='$BENCH_DIR' is a file; point BENCH_DIR at a directory (created if missing)"
fi
mkdir -p "$BENCH_DIR" 2>/dev/null || fail "BENCH_DIR='$BENCH_DIR' cannot be created; point BENCH_DIR at a directory you can write in"

# plain_errors FILE: the last lines of a failed step's stderr without Java stack frames or exception class names
plain_errors() {
  grep -v -E '^[[:space:]]+at |^[[:space:]]*\.\.\. [0-9]+ more|^Caused by: ' "$1" \
    | sed -E 's/^Exception in thread "[^"]*" ([A-Za-z0-9_$]+\.)*[A-Za-z0-9_$]+(Exception|Error)(: )?/error: /' \
    | tail -5
}

if [ ! -f "$JAR" ]; then
  echo "building $JAR (./mvnw -B -q -DskipTests package, ~25 s)" >&2
  ./mvnw -B -q -DskipTests package || { echo "error: the build failed; run ./mvnw -B -DskipTests package to see why" >&2; exit 1; }
fi
if [ -z "${SKIP_PANDAS:-}" ] && ! "$PYTHON" -c 'import pandas' 2>/dev/null; then
  echo "error: pandas is not importable by $PYTHON; install Debian's python3-pandas (apt-get install -y python3-pandas)," \
       "point PYTHON at a python3 that has it, or set SKIP_PANDAS=1 to time analyze alone" >&2
  exit 2
fi

RUN="$BENCH_DIR/run-$TRADES-$SYMBOLS"
if [ -f "$RUN/.complete" ]; then
  echo "reusing $RUN ($(du -sh "$RUN" | cut -f1))" >&2
else
  rm -rf "$RUN"
  mkdir -p "$RUN"
  echo "generating $RUN: 3 instances x $TRADES trades, $SYMBOLS symbols" >&2
  java -Xmx512m -cp "$JAR" com.kubetrader.analysis.SyntheticRun "$RUN" "$TRADES" "$SYMBOLS" 2> "$BENCH_DIR/generate.err" || {
    echo "error: generating $RUN failed (is there room in BENCH_DIR?); the last lines:" >&2
    plain_errors "$BENCH_DIR/generate.err" >&2
    rm -rf "$RUN"
    exit 1
  }
  cat "$BENCH_DIR/generate.err" >&2
  touch "$RUN/.complete"
fi

WORK="$BENCH_DIR/work"
rm -rf "$WORK" "$BENCH_DIR/report"
mkdir -p "$WORK"

# The scan floor: a single-file Java program (JDK 11+ runs it from source) on analyze's own DuckDB driver.
cat > "$WORK/ScanFloor.java" <<'JAVA'
import java.nio.file.*;
import java.sql.*;
import java.util.*;

public class ScanFloor {
    public static void main(String[] args) throws Exception {
        Path run = Path.of(args[0]);
        List<String> parts = new ArrayList<>();
        try (var dirs = Files.list(run)) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                String cols = "{'symbol': 'VARCHAR', 'trade_id': 'BIGINT', 'event_time_us': 'VARCHAR', "
                        + "'trade_time_us': 'VARCHAR', 'recv_time_us': 'VARCHAR', 'latency_us': 'BIGINT'}";
                parts.add("SELECT symbol, trade_id, latency_us FROM read_csv('" + d.resolve("trades.csv")
                        + "', header = true, auto_detect = false, delim = ',', quote = '\"', escape = '\"', columns = "
                        + cols + ")");
            }
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("SET threads = 2");
            st.execute("SET memory_limit = '1GB'");
            st.execute("SET preserve_insertion_order = false");
            long t0 = System.nanoTime();
            try (ResultSet rs = st.executeQuery("SELECT count(*), sum(latency_us), min(symbol), max(trade_id) FROM ("
                    + String.join(" UNION ALL ", parts) + ")")) {
                rs.next();
                System.out.printf("scan floor: %d rows read by the query in %.1f s%n", rs.getLong(1),
                        (System.nanoTime() - t0) / 1e9);
            }
        }
    }
}
JAVA

cat > "$WORK/analyze_pandas.py" <<'PY'
import os
import sys
import pandas as pd

# Idiomatic pandas: one frame of the three instances' rows, one groupby for the lowest latency per trade and
# instance, unstacked to a column per instance; the trades every instance saw are the rows with no gap. (Joining
# three per-instance frames on a (symbol, trade_id) index instead was about 20 % slower.)
run, out = sys.argv[1], sys.argv[2]
dirs = sorted(d for d in os.listdir(run) if os.path.isdir(os.path.join(run, d)))
frames = []
for i, d in enumerate(dirs):
    f = pd.read_csv(os.path.join(run, d, "trades.csv"), usecols=["symbol", "trade_id", "latency_us"],
                    dtype={"symbol": "category", "trade_id": "int64", "latency_us": "int64"}, engine="c")
    f["inst"] = i
    frames.append(f)
symbols = pd.CategoricalDtype(sorted(set().union(*(f["symbol"].cat.categories for f in frames))))
for f in frames:
    f["symbol"] = f["symbol"].astype(symbols)
df = pd.concat(frames, ignore_index=True)
del frames
rows = df.groupby("inst").size()
# the lowest latency per (symbol, trade_id) and instance: duplicates folded, the first arrival kept
per_trade = df.groupby(["symbol", "trade_id", "inst"], observed=True, sort=False)["latency_us"].min().unstack("inst")
aligned = per_trade.dropna()
lines = ["instance,symbol,count,min,p50,mean,p99"]
medians = {}
for i, d in enumerate(dirs):
    by = aligned[i].groupby(level="symbol", observed=True)
    s = pd.DataFrame({"count": by.count(), "min": by.min(), "p50": by.median(), "mean": by.mean(),
                      "p99": by.quantile(0.99)})
    distinct = int(per_trade[i].notna().sum())
    medians[d] = s["min"].median()
    lines.append("# %s rows=%d aligned=%d not_seen_by_all=%d duplicate=%d"
                 % (d, rows[i], len(aligned), distinct - len(aligned), rows[i] - distinct))
    lines.extend("%s,%s,%d,%d,%.1f,%.1f,%.1f" % (d, sym, r["count"], r["min"], r["p50"], r["mean"], r["p99"])
                 for sym, r in s.iterrows())
with open(out, "w") as fh:
    fh.write("\n".join(lines) + "\n")
print("pandas ranking by median per-symbol minimum: " + " < ".join(
    "%s %.1f" % (d, m) for d, m in sorted(medians.items(), key=lambda kv: kv[1])))
PY

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GB RAM, $(java -version 2>&1 | head -1), $("$PYTHON" -c 'import pandas; print("pandas", pandas.__version__)' 2>/dev/null || echo "no pandas")"
echo "data: $RUN ($(du -sh "$RUN" | cut -f1)), 3 instances x $TRADES trades, $SYMBOLS symbols"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"

# step NAME COMMAND...: runs it under /usr/bin/time -v and prints one line: wall s, CPU s, peak RSS
declare -A WALL
step() {
  local name=$1; shift
  echo
  echo "== $name; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "command: $*"
  /usr/bin/time -v -o "$WORK/$name.time" "$@" > "$WORK/$name.out" 2> "$WORK/$name.err" || {
    echo "error: $name failed; its output is in $WORK/$name.out and $WORK/$name.err" >&2; plain_errors "$WORK/$name.err" >&2; exit 1; }
  grep -v '^analyze: ' "$WORK/$name.out" | head -3 || true
  local wall user sys rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$WORK/$name.time")
  user=$(awk -F': ' '/User time/ {print $2}' "$WORK/$name.time")
  sys=$(awk -F': ' '/System time/ {print $2}' "$WORK/$name.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.2f", $2 / 1048576}' "$WORK/$name.time")
  WALL[$name]=$wall
  printf '%s: %.1f s wall, %.1f s CPU (user %.1f + sys %.1f), peak RSS %s GB\n' "$name" "$wall" "$(echo "$user + $sys" | bc)" "$user" "$sys" "$rss"
}

# shellcheck disable=SC2086
step scan-floor java $JAVA_OPTS -cp "$JAR" "$WORK/ScanFloor.java" "$RUN"
# shellcheck disable=SC2086
step analyze java $JAVA_OPTS -jar "$JAR" analyze "$RUN" --out "$BENCH_DIR/report" $ANALYZE_OPTS
if [ -z "${SKIP_PANDAS:-}" ]; then
  step pandas "$PYTHON" "$WORK/analyze_pandas.py" "$RUN" "$WORK/pandas-per-symbol.csv"
fi

echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'scan floor %.1f s (the query alone: %s), analyze %.1f s' "${WALL[scan-floor]}" \
  "$(grep -o 'in [0-9.]* s' "$WORK/scan-floor.out" | cut -d' ' -f2-)" "${WALL[analyze]}"
if [ -n "${WALL[pandas]:-}" ]; then
  printf ', pandas %.1f s: analyze / pandas = %.2f (aim <= 0.35), scan floor / pandas = %.2f\n' "${WALL[pandas]}" \
    "$(echo "${WALL[analyze]} / ${WALL[pandas]}" | bc -l)" "$(echo "${WALL[scan-floor]} / ${WALL[pandas]}" | bc -l)"
else
  echo
fi
