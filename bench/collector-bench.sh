#!/usr/bin/env bash
# On-demand benchmark of the stream_trades collector (not part of the test suite).
# Builds target/stream-trades.jar, then drives it in a separate JVM from a fake Binance server on
# 127.0.0.1 at fixed rates and prints a Markdown table: sustained msg/s and p50/p99/max latency_us,
# read back from the CSV, and the median ping round trip against a pong delay the server injects (20 ms),
# after a calibration line: the ping round trip with no injected delay, the loopback path's own floor.
# Usage: bench/collector-bench.sh [seconds per rate] [rate ...]
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_RATE="${1:-10}"
if [ "$#" -gt 1 ]; then shift; RATES=("$@"); else RATES=(10000 100000); fi

./mvnw -B -q -DskipTests package
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null

WORK="target/collector-bench"
rm -rf "$WORK"
mkdir -p "$WORK"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  com.kubetrader.collector.CollectorBenchmark target/stream-trades.jar "$WORK" "$SECONDS_PER_RATE" "${RATES[@]}"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
