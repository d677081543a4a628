package com.kubetrader.plan.fleet;

/**
 * What every benchmark instance gets, identical across AZs so only the AZ differs: the type,
 * the AMI resolved once per update, and the hardening (IMDSv2 only with one hop, an encrypted
 * gp3 root volume, no key pair: shell access is SSM Session Manager only).
 */
public record FleetInstanceSpec(String instanceType, String amiId, int rootVolumeGiB, String rootVolumeType,
                                boolean rootVolumeEncrypted, String httpEndpoint, String httpTokens,
                                int httpPutResponseHopLimit, boolean associatePublicIpAddress) {
}
