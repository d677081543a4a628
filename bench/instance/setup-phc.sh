#!/bin/bash
# Points chrony at the instance's PTP hardware clock (PHC) when there is one, and waits until chrony selects it.
# c8g gets a PHC only inside a precision-time placement group (kubetrader:benchmarkPlacementGroups). On Amazon
# Linux 2023 the device is /dev/ptp_ena (else /dev/ptp0). Idempotent: the refclock line is added once.
# Prints the device used, or "none"; exits 0 either way (no PHC means chrony keeps the Time Sync Service over NTP),
# and 1 only when a PHC exists but chrony did not select it in time.
#
# setup-phc.sh [--chrony-conf /etc/chrony.conf] [--wait-seconds 60]
set -uo pipefail

conf="${KUBETRADER_CHRONY_CONF:-/etc/chrony.conf}" wait_seconds=60 dev_dir="${KUBETRADER_DEV_DIR:-/dev}"
while [ $# -gt 0 ]; do
    case "$1" in
        --chrony-conf) conf="$2"; shift 2 ;;
        --wait-seconds) wait_seconds="$2"; shift 2 ;;
        *) echo "setup-phc.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

device=""
for candidate in ptp_ena ptp0; do
    if [ -e "$dev_dir/$candidate" ]; then device="$dev_dir/$candidate"; break; fi
done
if [ -z "$device" ]; then
    echo "none"
    exit 0
fi

line="refclock PHC $device poll 0 delay 0.000010 prefer"
if ! grep -qxF "$line" "$conf" 2>/dev/null; then
    printf '%s\n' "$line" >> "$conf"
    systemctl restart chronyd
fi
for _ in $(seq "$wait_seconds"); do
    # chrony names a PHC reference PHC0, PHC1, ...: selected when tracking reports it
    if chronyc tracking 2>/dev/null | grep -q '^Reference ID *: .*(PHC[0-9]*)'; then
        echo "$device"
        exit 0
    fi
    sleep 1
done
echo "setup-phc.sh: chrony did not select $device within $wait_seconds s" >&2
echo "$device"
exit 1
