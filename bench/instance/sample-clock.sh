#!/bin/bash
# Samples `chronyc tracking` every --interval-seconds into a CSV until it is stopped (TERM), so the clock bound
# is known through the whole run, not only at its end. One column per tracking field, then bound_us:
#   |System time| + Root dispersion + Root delay / 2   (chrony's `tracking` documentation; Last offset is not part)
# System time and Frequency are signed: negative when chrony says "slow".
#
# sample-clock.sh --out clock.csv [--interval-seconds 30]
set -uo pipefail

out="" interval=30
while [ $# -gt 0 ]; do
    case "$1" in
        --out) out="$2"; shift 2 ;;
        --interval-seconds) interval="$2"; shift 2 ;;
        *) echo "sample-clock.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
if [ -z "$out" ]; then echo "sample-clock.sh: --out is required" >&2; exit 2; fi
case "$interval" in ''|*[!0-9]*|0) echo "sample-clock.sh: --interval-seconds '$interval' is not a whole number above 0" >&2; exit 2 ;; esac

header="time_utc,reference_id,stratum,system_time_s,last_offset_s,rms_offset_s,frequency_ppm,residual_freq_ppm,skew_ppm,root_delay_s,root_dispersion_s,update_interval_s,leap_status,bound_us"
[ -s "$out" ] || echo "$header" > "$out"

sample() {
    chronyc tracking 2>/dev/null | awk -v now="$(date -u +%Y-%m-%dT%H:%M:%SZ)" '
        function value(key) { return (key in field) ? field[key] : "" }
        function number(key,   parts) { split(value(key), parts, " "); return parts[1] }
        function signed(key,   n) { n = number(key); if (value(key) ~ / slow/) n = -n; return n }
        function abs(x) { return x < 0 ? -x : x }
        {
            i = index($0, ":")
            if (i == 0) next
            key = substr($0, 1, i - 1); sub(/[ \t]+$/, "", key)
            val = substr($0, i + 1); sub(/^[ \t]+/, "", val)
            field[key] = val
        }
        END {
            if (value("Reference ID") == "" || number("Root delay") == "" || number("Root dispersion") == "") exit 1
            system_time = signed("System time")
            bound = (abs(system_time) + number("Root dispersion") + number("Root delay") / 2) * 1e6
            ref = value("Reference ID"); gsub(/,/, ";", ref)
            leap = value("Leap status"); gsub(/,/, ";", leap)
            printf "%s,%s,%s,%.9f,%s,%s,%.3f,%s,%s,%s,%s,%s,%s,%.3f\n", now, ref, number("Stratum"), system_time,
                number("Last offset"), number("RMS offset"), signed("Frequency"), number("Residual freq"),
                number("Skew"), number("Root delay"), number("Root dispersion"), number("Update interval"), leap, bound
        }'
}

trap 'exit 0' TERM INT
while true; do
    sample >> "$out" || echo "sample-clock.sh: chronyc tracking gave no sample at $(date -u +%Y-%m-%dT%H:%M:%SZ)" >&2
    sleep "$interval" &
    wait $!
done
