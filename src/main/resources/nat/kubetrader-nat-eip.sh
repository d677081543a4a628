#!/bin/bash
# Puts the whitelisted EIP on this NAT instance's own (outbound) interface, and keeps trying until it is free.
#
# fck-nat associates eip_id once, at boot, and gives up when the address is taken. It is taken whenever this
# instance boots while something else still holds it: a NAT gateway during a switch from natMode gateway (the engine
# deletes the gateway only at the end of `pulumi up`), or the instance this one replaces. Until the address moves
# here, traffic leaves from the instance's own public IP, which the exchange has not whitelisted. So this retries,
# every INTERVAL seconds for TRIES tries, and --allow-reassociation takes the address from an instance it replaces.
# (A NAT gateway never gives its address up: the association fails until the gateway is deleted.)
#
# usage: kubetrader-nat-eip ALLOCATION_ID REGION [TRIES] [INTERVAL]
set -uo pipefail

allocation="${1:?usage: kubetrader-nat-eip ALLOCATION_ID REGION [TRIES] [INTERVAL]}"
region="${2:?usage: kubetrader-nat-eip ALLOCATION_ID REGION [TRIES] [INTERVAL]}"
tries="${3:-180}"
interval="${4:-10}"

imds() {
    local token
    token=$(curl -sS -m 2 -X PUT -H "X-aws-ec2-metadata-token-ttl-seconds: 60" http://169.254.169.254/latest/api/token)
    curl -sS -m 2 -H "X-aws-ec2-metadata-token: $token" "http://169.254.169.254/latest/$1"
}

mac=$(imds meta-data/mac)
own=$(imds "meta-data/network/interfaces/macs/$mac/interface-id")
if [ -z "$own" ]; then
    echo "nat-eip: cannot read this instance's own interface from the instance metadata service" >&2
    exit 2
fi

for attempt in $(seq 1 "$tries"); do
    holder=$(aws ec2 describe-addresses --region "$region" --allocation-ids "$allocation" \
        --query 'Addresses[0].NetworkInterfaceId' --output text 2>/dev/null)
    if [ "$holder" = "$own" ]; then
        echo "nat-eip: $allocation is on this instance's interface $own"
        exit 0
    fi
    if aws ec2 associate-address --region "$region" --allocation-id "$allocation" --network-interface-id "$own" \
            --allow-reassociation >/dev/null 2>&1; then
        echo "nat-eip: associated $allocation with $own (attempt $attempt)"
        exit 0
    fi
    echo "nat-eip: $allocation is held by ${holder:-something else}; trying again in ${interval} s ($attempt of $tries)" >&2
    sleep "$interval"
done
echo "nat-eip: gave up after $tries tries; the health check will replace this instance" >&2
exit 1
