#!/bin/bash
# Prints this run's metadata.json to stdout: the instance (from IMDSv2), the kernel, the run's
# parameters and times, and the clock's state from `chronyc tracking`, with the conventional
# NTP bound on the clock's error: |system time offset| + root dispersion + root delay / 2.
#
# The clock through the run: from clock.csv (sample-clock.sh), the median and the largest bound and the number of
# samples; the PTP hardware clock device setup-phc.sh found, or none.
#
# write-metadata.sh --started-at ISO --ended-at ISO --endpoint URL --symbols ALL|A,B [--trades FILE]
#                   [--clock clock.csv] [--ptp-device DEV|none]
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=imds.sh
. "$here/imds.sh"

started_at="" ended_at="" endpoint="" symbols="" trades="" clock="" ptp_device="none"
while [ $# -gt 0 ]; do
    case "$1" in
        --started-at) started_at="$2"; shift 2 ;;
        --ended-at) ended_at="$2"; shift 2 ;;
        --endpoint) endpoint="$2"; shift 2 ;;
        --symbols) symbols="$2"; shift 2 ;;
        --trades) trades="$2"; shift 2 ;;
        --clock) clock="$2"; shift 2 ;;
        --ptp-device) ptp_device="$2"; shift 2 ;;
        *) echo "write-metadata.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

# Fetch the token once in this shell (command substitutions run in subshells).
# Without IMDS the instance fields are null: metadata.json still has every key and chrony.
IMDS_TOKEN="$(imds_token)" || { echo "write-metadata.sh: IMDSv2 token request failed" >&2; IMDS_TOKEN=""; }

META_INSTANCE_ID="$(imds_get instance-id || true)"
META_INSTANCE_TYPE="$(imds_get instance-type || true)"
META_REGION="$(imds_get placement/region || true)"
META_AZ="$(imds_get placement/availability-zone || true)"
META_AZ_ID="$(imds_get placement/availability-zone-id || true)"
META_AMI_ID="$(imds_get ami-id || true)"
META_KERNEL="$(uname -r)"
META_CHRONY="$(chronyc tracking 2>/dev/null || true)"
export META_INSTANCE_ID META_INSTANCE_TYPE META_REGION META_AZ META_AZ_ID META_AMI_ID META_KERNEL META_CHRONY
export META_STARTED_AT="$started_at" META_ENDED_AT="$ended_at" META_ENDPOINT="$endpoint"
export META_SYMBOLS="$symbols" META_TRADES="$trades" META_CLOCK="$clock" META_PTP_DEVICE="$ptp_device"

python3 - <<'PY'
import csv, json, os, re, sys

env = os.environ.get

def text(name):
    value = env(name, "")
    return value if value != "" else None

def seconds(line_value):
    """'+0.000000041 seconds' -> 4.1e-08; None when absent or unparsable."""
    m = re.match(r"\s*([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)\s+seconds", line_value or "")
    return float(m.group(1)) if m else None

def chrony(tracking):
    fields = {}
    for line in (tracking or "").splitlines():
        if ":" in line:
            key, value = line.split(":", 1)
            fields[key.strip()] = value.strip()
    if not fields:
        return None
    system = fields.get("System time")
    offset = seconds(system)
    if offset is not None and system and "slow" in system:
        offset = -offset  # "slow of NTP time": the local clock is behind
    stratum = fields.get("Stratum")
    return {
        "referenceId": fields.get("Reference ID"),
        "stratum": int(stratum) if stratum and stratum.isdigit() else None,
        "systemTimeOffsetSeconds": offset,
        "lastOffsetSeconds": seconds(fields.get("Last offset")),
        "rmsOffsetSeconds": seconds(fields.get("RMS offset")),
        "rootDelaySeconds": seconds(fields.get("Root delay")),
        "rootDispersionSeconds": seconds(fields.get("Root dispersion")),
    }

def bound_us(c):
    if c is None or None in (c["systemTimeOffsetSeconds"], c["rootDispersionSeconds"], c["rootDelaySeconds"]):
        return None
    seconds_bound = abs(c["systemTimeOffsetSeconds"]) + c["rootDispersionSeconds"] + c["rootDelaySeconds"] / 2
    return round(seconds_bound * 1e6, 3)

def symbol_count(symbols, trades):
    if symbols and symbols != "ALL":
        return len([s for s in symbols.split(",") if s])
    # ALL: the symbols actually seen, if the trades file names them in a "symbol" column.
    if trades and os.path.isfile(trades):
        try:
            with open(trades, newline="") as f:
                reader = csv.DictReader(f)
                column = next((c for c in (reader.fieldnames or []) if c.lower() == "symbol"), None)
                if column:
                    return len({row[column] for row in reader if row.get(column)})
        except (OSError, csv.Error, UnicodeDecodeError):
            return None
    return None

def clock_bounds(path):
    """bound_us of every clock.csv sample; [] when there is no file or no column."""
    if not path or not os.path.isfile(path):
        return []
    try:
        with open(path, newline="") as f:
            return [float(row["bound_us"]) for row in csv.DictReader(f) if row.get("bound_us")]
    except (OSError, csv.Error, ValueError, KeyError):
        return []

def median(values):
    s = sorted(values)
    n = len(s)
    if n == 0:
        return None
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2

c = chrony(env("META_CHRONY"))
bounds = clock_bounds(text("META_CLOCK"))
ptp = text("META_PTP_DEVICE")
ptp = None if ptp in (None, "none") else ptp
metadata = {
    "instanceId": text("META_INSTANCE_ID"),
    "instanceType": text("META_INSTANCE_TYPE"),
    "region": text("META_REGION"),
    "availabilityZone": text("META_AZ"),
    "availabilityZoneId": text("META_AZ_ID"),
    "amiId": text("META_AMI_ID"),
    "kernel": text("META_KERNEL"),
    "startedAt": text("META_STARTED_AT"),
    "endedAt": text("META_ENDED_AT"),
    "endpoint": text("META_ENDPOINT"),
    "symbolCount": symbol_count(text("META_SYMBOLS"), text("META_TRADES")),
    "chrony": c,
    "clockErrorBoundUs": bound_us(c),
    "clockSource": "phc" if ptp and c and "PHC" in (c["referenceId"] or "") else "ntp",
    "ptpDevice": ptp,
    "clockSamples": len(bounds),
    "clockBoundMedianUs": round(median(bounds), 3) if bounds else None,
    "clockBoundMaxUs": round(max(bounds), 3) if bounds else None,
}
json.dump(metadata, sys.stdout, indent=2)
sys.stdout.write("\n")
PY
