#!/usr/bin/env bash
# On-demand benchmark of the stream_trades collector (not part of the test suite): does measuring disturb what it
# measures, and how close to the read does the collector stamp a trade?
#
# For each MSS (loopback's default, and 1448 between two network namespaces joined by a veth pair of MTU 1500, as
# on an Ethernet path), each server mode (TCP_NODELAY set; Nagle's algorithm on, the TCP default) and each rate, a
# fake Binance server sends trades to three readers in turn, each its own JVM: the collector with probes off, the
# collector with probes on (the server answers pings 5 ms late, a known figure the recorded RTT must match), and a
# minimal blocking reader (the floor). It prints one Markdown table per MSS, with the P2 ratios and the load
# average before each run, then whether P2 was met. See CollectorBenchmark for the method.
#
# Usage: bench/collector-bench.sh [seconds per run] [repeats] [rate ...]     (default 8 s, 3 repeats, 1000 10000 100000)
#   JUDGE="1000 10000"   the rates P2 is judged at (the others are reported, not judged)
#   MSS="loopback 1448"  which MSS cases to run (1448 needs root and `ip netns`)
#   --help               this text
# Exit codes: 0 done, 1 the build or a run failed, 2 a bad argument (named, with what is valid).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//'; }
fail() { echo "error: $*; see bench/collector-bench.sh --help" >&2; exit 2; }
is_whole() { case "$1" in ''|*[!0-9]*) return 1 ;; *) [ "${#1}" -le 7 ] ;; esac; }

case "${1:-}" in -h|--help) usage; exit 0 ;; esac
for arg in "$@"; do
  case "$arg" in -h|--help) usage; exit 0 ;; --*) fail "unknown option '$arg'; the arguments are [seconds per run] [repeats] [rate ...]" ;; esac
done

SECONDS_PER_RUN="${1:-8}"
REPEATS="${2:-3}"
if [ "$#" -gt 2 ]; then shift 2; RATES=("$@"); else RATES=(1000 10000 100000); fi
JUDGE=(${JUDGE:-1000 10000})
MSS_CASES=(${MSS:-loopback 1448})
join() { local IFS=,; echo "$*"; }

if ! is_whole "$SECONDS_PER_RUN" || [ "$SECONDS_PER_RUN" -lt 3 ] || [ "$SECONDS_PER_RUN" -gt 3600 ]; then
  fail "seconds per run '$SECONDS_PER_RUN' is not valid; expected a whole number from 3 to 3600 (the first 2 s warm up)"
fi
if ! is_whole "$REPEATS" || [ "$REPEATS" -lt 1 ] || [ "$REPEATS" -gt 100 ]; then
  fail "repeats '$REPEATS' is not valid; expected a whole number from 1 to 100"
fi
for rate in "${RATES[@]}"; do
  if ! is_whole "$rate" || [ "$rate" -lt 1 ] || [ "$rate" -gt 1000000 ]; then
    fail "rate '$rate' is not valid; expected trades per second, a whole number from 1 to 1000000"
  fi
done
for rate in "${JUDGE[@]}"; do
  if ! is_whole "$rate" || [ "$rate" -lt 1 ] || [ "$rate" -gt 1000000 ]; then
    fail "JUDGE has '$rate'; expected space-separated rates, whole numbers from 1 to 1000000"
  fi
done
for mss in "${MSS_CASES[@]}"; do
  case "$mss" in loopback|1448) ;; *) fail "MSS has '$mss'; expected loopback, 1448 or both, space-separated" ;; esac
done

./mvnw -B -q -DskipTests package
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null

WORK="$PWD/target/collector-bench"
rm -rf "$WORK"
mkdir -p "$WORK"
CP="$PWD/target/test-classes:$PWD/target/classes:$(cat target/bench.classpath)"
JAVA="$(command -v java)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), kernel $(uname -r), $(java -version 2>&1 | head -1)"
echo "command: bench/collector-bench.sh $SECONDS_PER_RUN $REPEATS ${RATES[*]} (JUDGE=\"${JUDGE[*]}\" MSS=\"${MSS_CASES[*]}\")"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
ARGS=(--jar "$PWD/target/stream-trades.jar" --seconds "$SECONDS_PER_RUN" --repeats "$REPEATS"
      --rates "$(join "${RATES[@]}")" --judge "$(join "${JUDGE[@]}")")

NS_SERVER="kt-bench-srv-$$"
NS_CLIENT="kt-bench-cli-$$"
cleanup() { ip netns del "$NS_SERVER" 2>/dev/null || true; ip netns del "$NS_CLIENT" 2>/dev/null || true; }
trap cleanup EXIT

for mss in "${MSS_CASES[@]}"; do
  echo
  case "$mss" in
    loopback)
      echo "### MSS: loopback's default (65483), 127.0.0.1"
      echo
      "$JAVA" -cp "$CP" com.kubetrader.collector.CollectorBenchmark "${ARGS[@]}" --work "$WORK/loopback" \
        --mss loopback --bind 127.0.0.1
      ;;
    1448)
      echo "### MSS: 1448, two network namespaces joined by a veth pair of MTU 1500"
      echo
      if [ "$(id -u)" != 0 ] || ! ip netns add "$NS_SERVER" 2>/dev/null; then
        echo "skipped: creating a network namespace needs root and iproute2 (ip netns); run as root for the 1448 case"
        continue
      fi
      ip netns add "$NS_CLIENT"
      ip link add "kt$$s" type veth peer name "kt$$c"
      ip link set "kt$$s" netns "$NS_SERVER"
      ip link set "kt$$c" netns "$NS_CLIENT"
      ip -n "$NS_SERVER" addr add 10.253.0.1/30 dev "kt$$s"
      ip -n "$NS_CLIENT" addr add 10.253.0.2/30 dev "kt$$c"
      for ns in "$NS_SERVER" "$NS_CLIENT"; do ip -n "$ns" link set lo up; done
      ip -n "$NS_SERVER" link set "kt$$s" mtu 1500 up
      ip -n "$NS_CLIENT" link set "kt$$c" mtu 1500 up
      ip netns exec "$NS_SERVER" "$JAVA" -cp "$CP" com.kubetrader.collector.CollectorBenchmark "${ARGS[@]}" \
        --work "$WORK/mss1448" --mss 1448 --bind 10.253.0.1 --client-prefix "ip netns exec $NS_CLIENT"
      cleanup
      ;;
    *) fail "MSS has '$mss'; expected loopback, 1448 or both, space-separated" ;;
  esac
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
