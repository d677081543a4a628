#!/usr/bin/env bash
# Cold-start time of `plan --stack prod`, side by side in one run:
#   1. java -jar target/kubetrader.jar plan --stack prod          (the jar, no JVM flags)
#   2. bin/kubetrader plan --stack prod                             (the jar + AppCDS archive, C1, serial GC)
#   3. ./mvnw -q compile exec:java -Dexec.mainClass=com.kubetrader.App -Dexec.args="plan --stack prod"
# and the ratios. Uses hyperfine when installed (apt-get install hyperfine), else a bash loop.
#   bench/plan-startup.sh [runs]        (default 5; build first: ./mvnw -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
[ -f target/kubetrader.jar ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 1; }
[ -f target/kubetrader.jsa ] || echo "note: no target/kubetrader.jsa; bin/kubetrader records it on its first run" >&2

names=("java -jar" "bin/kubetrader (AppCDS)" "mvn exec:java")
cmds=("java -jar target/kubetrader.jar plan --stack prod"
      "bin/kubetrader plan --stack prod"
      "./mvnw -q compile exec:java -Dexec.mainClass=com.kubetrader.App -Dexec.args=\"plan --stack prod\"")

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -1)"
echo "runs: $runs each (after 1 warm-up run each, so the page cache is warm; every run is a new JVM)"
echo

means=()
if command -v hyperfine > /dev/null; then
  json=$(mktemp)
  hyperfine --warmup 1 --runs "$runs" --style basic --export-json "$json" \
    -n "${names[0]}" "${cmds[0]} > /dev/null" \
    -n "${names[1]}" "${cmds[1]} > /dev/null" \
    -n "${names[2]}" "${cmds[2]} > /dev/null"
  mapfile -t means < <(python3 -c 'import json,sys; [print(round(r["mean"]*1000)) for r in json.load(open(sys.argv[1]))["results"]]' "$json")
  rm -f "$json"
else
  for i in 0 1 2; do
    bash -c "${cmds[$i]}" > /dev/null 2>&1 || true
    total=0
    for _ in $(seq "$runs"); do
      start=$(date +%s%N)
      bash -c "${cmds[$i]}" > /dev/null
      total=$(( total + ($(date +%s%N) - start) / 1000000 ))
    done
    means+=($(( total / runs )))
  done
fi

echo
printf '%-26s %10s\n' "command" "mean (ms)"
for i in 0 1 2; do printf '%-26s %10s\n' "${names[$i]}" "${means[$i]}"; done
awk -v j="${means[0]}" -v c="${means[1]}" -v m="${means[2]}" 'BEGIN {
  printf "\nmvn exec:java / java -jar       = %.2fx\n", m / j
  printf "mvn exec:java / bin/kubetrader  = %.2fx\n", m / c
  printf "java -jar / bin/kubetrader      = %.2fx (what the AppCDS archive and flags buy)\n", j / c }'
