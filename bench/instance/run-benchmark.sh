#!/bin/bash
# One benchmark run on one instance, started by the SSM document's collect step:
#   1. refuse if results/<runId>/<instanceId>/ already exists in the bucket (never overwrite a run),
#   2. point chrony at the PTP hardware clock when the instance has one (setup-phc.sh),
#   3. run the collector (target/stream-trades.jar) for the duration, its log to collector.log, while
#      sample-clock.sh samples `chronyc tracking` into clock.csv every KUBETRADER_CLOCK_INTERVAL seconds (30),
#   4. ALWAYS (EXIT trap, also when the collector fails) write metadata.json and upload metadata.json,
#      trades.csv, trades.rtt.csv (the collector names it from --out), clock.csv and collector.log to s3://<bucket>/<prefix>/<runId>/<instanceId>/.
# Exit status: the collector's when it failed, else non-zero when an upload failed.
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
BENCH_HOME="${KUBETRADER_BENCH_HOME:-$here}"
# shellcheck source=imds.sh
. "$here/imds.sh"

bucket="" prefix="results" region="" run_id="" duration="" endpoint="" symbols=""
execution_timeout="" margin="" grace=""
while [ $# -gt 0 ]; do
    case "$1" in
        --bucket) bucket="$2"; shift 2 ;;
        --results-prefix) prefix="$2"; shift 2 ;;
        --region) region="$2"; shift 2 ;;
        --run-id) run_id="$2"; shift 2 ;;
        --duration-seconds) duration="$2"; shift 2 ;;
        --endpoint) endpoint="$2"; shift 2 ;;
        --symbols) symbols="$2"; shift 2 ;;
        --execution-timeout) execution_timeout="$2"; shift 2 ;;
        --margin-seconds) margin="$2"; shift 2 ;;
        --collector-grace-seconds) grace="$2"; shift 2 ;;
        *) echo "run-benchmark.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

log() { printf '%s run-benchmark: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
is_int() { case "$1" in ''|*[!0-9]*) return 1 ;; *) return 0 ;; esac; }

for v in bucket region run_id duration endpoint symbols execution_timeout margin grace; do
    if [ -z "${!v}" ]; then log "missing --${v//_/-}"; exit 2; fi
done
if ! [[ "$run_id" =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$ ]]; then log "bad run ID '$run_id'"; exit 2; fi
for v in duration execution_timeout margin grace; do
    if ! is_int "${!v}"; then log "--${v//_/-} '${!v}' is not a whole number of seconds"; exit 2; fi
done
if [ "$execution_timeout" -lt $((duration + margin)) ]; then
    log "refusing: executionTimeout $execution_timeout s leaves SSM no time to upload after a $duration s run;" \
        "pass at least $((duration + margin)) (durationSeconds + $margin)"
    exit 2
fi

instance_id="$(imds_get instance-id)" || { log "cannot read the instance ID from IMDSv2"; exit 1; }
destination="s3://$bucket/$prefix/$run_id/$instance_id/"

# Never overwrite: `aws s3 ls` exits 1 with no output when nothing is under the prefix.
existing="$(aws s3 ls --region "$region" "$destination" 2>&1)"
ls_status=$?
if [ "$ls_status" -eq 0 ]; then
    log "refusing: $destination already holds results from an earlier run; send the command again with a new runId"
    exit 3
elif [ "$ls_status" -ne 1 ] || [ -n "$existing" ]; then
    log "refusing: cannot check $destination for earlier results (aws s3 ls exit $ls_status): $existing"
    exit 4
fi

run_dir="$BENCH_HOME/runs/$run_id"
mkdir -p "$run_dir"
# The collector refuses an --out that holds a recording; this run ID's directory is this run's alone (the S3 check
# above), so anything in it is from an attempt that never uploaded.
rm -f "$run_dir/metadata.json" "$run_dir/trades.csv" "$run_dir/trades.rtt.csv" "$run_dir/rtt.csv" "$run_dir/clock.csv" \
    "$run_dir/collector.log"
started_at="$(date -u +%Y-%m-%dT%H:%M:%S.%6NZ)"
collector_status=""
sampler_pid=""
ptp_device="none"

stop_sampler() {
    if [ -n "$sampler_pid" ]; then
        kill "$sampler_pid" 2>/dev/null
        wait "$sampler_pid" 2>/dev/null
        sampler_pid=""
    fi
}

finish() {
    local status=$?
    trap - EXIT
    stop_sampler
    local ended_at
    ended_at="$(date -u +%Y-%m-%dT%H:%M:%S.%6NZ)"
    if ! "$here/write-metadata.sh" --started-at "$started_at" --ended-at "$ended_at" --endpoint "$endpoint" \
            --symbols "$symbols" --trades "$run_dir/trades.csv" --clock "$run_dir/clock.csv" \
            --ptp-device "$ptp_device" > "$run_dir/metadata.json"; then
        log "write-metadata.sh failed; uploading what there is"
    fi
    local upload_failed=0 file
    for file in metadata.json trades.csv trades.rtt.csv clock.csv collector.log; do
        if [ -f "$run_dir/$file" ]; then
            if ! aws s3 cp --region "$region" --only-show-errors "$run_dir/$file" "$destination$file"; then
                log "upload of $file to $destination failed"
                upload_failed=1
            fi
        else
            log "no $file to upload"
        fi
    done
    log "uploaded to $destination (collector exit ${collector_status:-none})"
    if [ -n "$collector_status" ] && [ "$collector_status" -ne 0 ]; then
        exit "$collector_status"
    elif [ "$upload_failed" -ne 0 ]; then
        exit 5
    elif [ -z "$collector_status" ]; then
        exit $((status == 0 ? 1 : status))
    fi
    exit 0
}
trap finish EXIT
# SSM cancels with a signal: turn it into a normal exit so the EXIT trap still uploads.
trap 'collector_status=${collector_status:-143}; exit 143' TERM INT HUP

log "run $run_id on $instance_id: $symbols from $endpoint for $duration s"
ptp_device="$("$here/setup-phc.sh" 2>>"$run_dir/collector.log")" || log "the PHC $ptp_device was not selected by chrony; the run goes on with chrony's current reference"
log "PTP hardware clock: $ptp_device"
"$here/sample-clock.sh" --out "$run_dir/clock.csv" --interval-seconds "${KUBETRADER_CLOCK_INTERVAL:-30}" \
    2>>"$run_dir/collector.log" &
sampler_pid=$!
timeout --kill-after=30 "$((duration + grace))" \
    java -jar "$BENCH_HOME/stream-trades.jar" --endpoint "$endpoint" --symbols "$symbols" \
    --duration-seconds "$duration" --out "$run_dir/trades.csv" 2> "$run_dir/collector.log"
collector_status=$?
stop_sampler
log "collector exited $collector_status"
exit "$collector_status"
