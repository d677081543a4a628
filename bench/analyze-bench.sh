#!/usr/bin/env bash
# On-demand benchmark of `kubetrader analyze` (not a test): generates, or reuses, a synthetic run of three
# instances with TRADES trades each over SYMBOLS symbols (default 10,000,000 and 3,000: about 2.2 GB of CSV),
# then runs analyze on it under /usr/bin/time -v and prints wall time and peak RSS.
#
#   bench/analyze-bench.sh                    # defaults
#   BENCH_DIR=/data/bench TRADES=1000000 bench/analyze-bench.sh
#   JAVA_OPTS="-Xmx1g" ANALYZE_OPTS="--memory-limit 1500MB" bench/analyze-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/kubetrader-bench}
TRADES=${TRADES:-10000000}
SYMBOLS=${SYMBOLS:-3000}
JAR=target/kubetrader.jar
JAVA_OPTS=${JAVA_OPTS:--XX:+UseSerialGC -Xmx256m -XX:TieredStopAtLevel=1}
ANALYZE_OPTS=${ANALYZE_OPTS:-}

if [ ! -f "$JAR" ]; then
  echo "building $JAR (./mvnw -B -q -DskipTests package, ~25 s)" >&2
  ./mvnw -B -q -DskipTests package
fi

RUN="$BENCH_DIR/run-$TRADES-$SYMBOLS"
if [ -f "$RUN/.complete" ]; then
  echo "reusing $RUN ($(du -sh "$RUN" | cut -f1))" >&2
else
  rm -rf "$RUN"
  mkdir -p "$RUN"
  echo "generating $RUN: 3 instances x $TRADES trades, $SYMBOLS symbols" >&2
  java -Xmx512m -cp "$JAR" com.kubetrader.analysis.SyntheticRun "$RUN" "$TRADES" "$SYMBOLS"
  touch "$RUN/.complete"
fi

REPORT="$BENCH_DIR/report"
rm -rf "$REPORT"
TIMING="$BENCH_DIR/time.txt"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GB RAM; load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "command: java $JAVA_OPTS -jar $JAR analyze $RUN --out $REPORT $ANALYZE_OPTS" >&2
# shellcheck disable=SC2086
/usr/bin/time -v -o "$TIMING" java $JAVA_OPTS -jar "$JAR" analyze "$RUN" --out "$REPORT" $ANALYZE_OPTS
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
grep -E "Elapsed \(wall clock\)|Maximum resident set size|User time|System time|Percent of CPU" "$TIMING"
