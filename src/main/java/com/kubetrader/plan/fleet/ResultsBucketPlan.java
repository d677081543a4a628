package com.kubetrader.plan.fleet;

/**
 * The benchmark's results bucket and its hardening. Planned from {@code benchmarkBucketName}
 * alone, never from the fleet switch, so the results outlive the fleet.
 */
public record ResultsBucketPlan(
        String name,
        String bucketName,
        boolean protect,
        boolean retainOnDelete,
        String sseAlgorithm,
        String versioningStatus,
        String policyJson) {

    public String bucketArn() {
        return "arn:aws:s3:::" + bucketName;
    }

    public String bucketResource() {
        return name + "-bucket";
    }

    public String publicAccessBlockResource() {
        return name + "-public-access-block";
    }

    public String encryptionResource() {
        return name + "-encryption";
    }

    public String versioningResource() {
        return name + "-versioning";
    }

    public String policyResource() {
        return name + "-policy";
    }
}
