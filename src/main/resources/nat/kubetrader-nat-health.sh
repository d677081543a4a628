#!/bin/bash
# Marks this NAT instance unhealthy in its Auto Scaling group when it is not forwarding, so the group
# replaces it. fck-nat can come up without the fixed interface (the attachment races the old instance's
# detachment), without its NAT rule, or without a way out; an EC2 status check sees none of these.
#
# A NAT that forwards from the wrong address is broken too: when the EIP could not be associated at boot
# (during a switch from natMode gateway the NAT gateway still holds it), traffic leaves from the instance's
# own public IP, which the exchange has not whitelisted.
#
# usage: kubetrader-nat-health ENI_ID REGION [EXPECTED_EGRESS_IP]
# env:   KUBETRADER_NAT_THRESHOLD (consecutive failures before acting, default 3)
#        KUBETRADER_NAT_STATE     (failure counter file, default /run/kubetrader-nat-health.failures)
#        KUBETRADER_NAT_PROBE_URL (answers with the caller's address, default https://checkip.amazonaws.com)
set -uo pipefail

eni_id="${1:?usage: kubetrader-nat-health ENI_ID REGION [EXPECTED_EGRESS_IP]}"
region="${2:?usage: kubetrader-nat-health ENI_ID REGION [EXPECTED_EGRESS_IP]}"
expected_ip="${3:-}"
threshold="${KUBETRADER_NAT_THRESHOLD:-3}"
state="${KUBETRADER_NAT_STATE:-/run/kubetrader-nat-health.failures}"
probe_url="${KUBETRADER_NAT_PROBE_URL:-https://checkip.amazonaws.com}"

problem=""
if ! ip link show dev "$eni_id" >/dev/null 2>&1; then
    problem="the fixed interface $eni_id is not attached"
elif [ "$(sysctl -n net.ipv4.ip_forward 2>/dev/null)" != "1" ]; then
    problem="IPv4 forwarding is off"
# The kernel forwards by the inbound interface's own setting: ip_forward=1 with the inside interface's forwarding
# off still drops the workload's packets.
elif inside=$(ip -o link show dev "$eni_id" 2>/dev/null | awk -F': ' 'NR == 1 { print $2 }' | cut -d@ -f1) \
        && [ -n "$inside" ] && [ "$(sysctl -n "net.ipv4.conf.$inside.forwarding" 2>/dev/null)" = "0" ]; then
    problem="IPv4 forwarding is off on the inside interface $inside"
# Read the rules first: under pipefail, grep -q closing the pipe early would fail the check by SIGPIPE.
elif ! grep -q -- "-j MASQUERADE" <<< "$(iptables -t nat -S POSTROUTING 2>/dev/null)"; then
    problem="no MASQUERADE rule in the nat table"
elif ! egress=$(curl -sS -m 5 "$probe_url" 2>/dev/null); then
    problem="no way out: $probe_url did not answer in 5 s"
elif [ -n "$expected_ip" ] && [ "$(tr -d '[:space:]' <<< "$egress")" != "$expected_ip" ]; then
    problem="traffic leaves from $(tr -d '[:space:]' <<< "$egress"), not the whitelisted $expected_ip"
fi

if [ -z "$problem" ]; then
    rm -f "$state"
    echo "nat-health: forwarding"
    exit 0
fi

failures=$(( $(cat "$state" 2>/dev/null || echo 0) + 1 ))
echo "$failures" > "$state"
echo "nat-health: $problem ($failures of $threshold)" >&2
if [ "$failures" -lt "$threshold" ]; then
    exit 1
fi

token=$(curl -sS -m 2 -X PUT -H "X-aws-ec2-metadata-token-ttl-seconds: 60" http://169.254.169.254/latest/api/token)
instance_id=$(curl -sS -m 2 -H "X-aws-ec2-metadata-token: $token" http://169.254.169.254/latest/meta-data/instance-id)
echo "nat-health: marking $instance_id unhealthy; its Auto Scaling group replaces it" >&2
aws autoscaling set-instance-health --region "$region" --instance-id "$instance_id" --health-status Unhealthy
exit 2
