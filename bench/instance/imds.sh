#!/bin/bash
# IMDSv2 helpers, sourced by the other scripts. The instances require IMDSv2 tokens (hop limit 1),
# so every read sends a session token. KUBETRADER_IMDS_ENDPOINT points tests at a local server.

IMDS_ENDPOINT="${KUBETRADER_IMDS_ENDPOINT:-http://169.254.169.254}"
IMDS_TOKEN=""

imds_token() {
    if [ -z "$IMDS_TOKEN" ]; then
        IMDS_TOKEN="$(curl -sS -f --max-time 5 -X PUT "$IMDS_ENDPOINT/latest/api/token" \
            -H "X-aws-ec2-metadata-token-ttl-seconds: 21600")" || return 1
    fi
    printf '%s' "$IMDS_TOKEN"
}

# imds_get <path under latest/meta-data/>
imds_get() {
    local token
    token="$(imds_token)" || return 1
    curl -sS -f --max-time 5 -H "X-aws-ec2-metadata-token: $token" "$IMDS_ENDPOINT/latest/meta-data/$1"
}
