package com.kubetrader.bench;

import com.kubetrader.plan.fleet.ResultsBucketPlan;
import com.pulumi.aws.s3.BucketPolicy;
import com.pulumi.aws.s3.BucketPolicyArgs;
import com.pulumi.aws.s3.BucketPublicAccessBlock;
import com.pulumi.aws.s3.BucketPublicAccessBlockArgs;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2Args;
import com.pulumi.aws.s3.BucketV2;
import com.pulumi.aws.s3.BucketV2Args;
import com.pulumi.aws.s3.BucketVersioningV2;
import com.pulumi.aws.s3.BucketVersioningV2Args;
import com.pulumi.aws.s3.inputs.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs;
import com.pulumi.aws.s3.inputs.BucketServerSideEncryptionConfigurationV2RuleArgs;
import com.pulumi.aws.s3.inputs.BucketVersioningV2VersioningConfigurationArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import java.util.Map;

/**
 * The results bucket, declared apart from {@link BenchmarkFleet} so that switching the fleet off
 * never deletes (or re-parents, which would replace) the bucket holding earlier runs.
 */
public final class BenchmarkResults extends ComponentResource {

    public static final String TYPE = "kubetrader:bench:BenchmarkResults";

    public final Output<String> bucketName;
    public final Output<String> bucketArn;

    public BenchmarkResults(String name, ResultsBucketPlan plan, ComponentResourceOptions options) {
        super(TYPE, name, options);

        var bucket = new BucketV2(plan.bucketResource(), BucketV2Args.builder()
                .bucket(plan.bucketName())
                .forceDestroy(false)
                .tags(Map.of("Name", plan.bucketName(), "kubetrader:purpose", "benchmark-results"))
                .build(), stateful(plan));
        new BucketPublicAccessBlock(plan.publicAccessBlockResource(), BucketPublicAccessBlockArgs.builder()
                .bucket(bucket.id())
                .blockPublicAcls(true)
                .blockPublicPolicy(true)
                .ignorePublicAcls(true)
                .restrictPublicBuckets(true)
                .build(), stateful(plan));
        new BucketServerSideEncryptionConfigurationV2(plan.encryptionResource(),
                BucketServerSideEncryptionConfigurationV2Args.builder()
                        .bucket(bucket.id())
                        .rules(BucketServerSideEncryptionConfigurationV2RuleArgs.builder()
                                .applyServerSideEncryptionByDefault(
                                        BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs.builder()
                                                .sseAlgorithm(plan.sseAlgorithm())
                                                .build())
                                .build())
                        .build(), stateful(plan));
        new BucketVersioningV2(plan.versioningResource(), BucketVersioningV2Args.builder()
                .bucket(bucket.id())
                .versioningConfiguration(BucketVersioningV2VersioningConfigurationArgs.builder()
                        .status(plan.versioningStatus())
                        .build())
                .build(), stateful(plan));
        new BucketPolicy(plan.policyResource(), BucketPolicyArgs.builder()
                .bucket(bucket.id())
                .policy(plan.policyJson())
                .build(), stateful(plan));

        this.bucketName = bucket.bucket();
        this.bucketArn = bucket.arn();
        registerOutputs(Map.of("bucketName", bucketName, "bucketArn", bucketArn));
    }

    private CustomResourceOptions stateful(ResultsBucketPlan plan) {
        return CustomResourceOptions.builder().parent(this).protect(plan.protect())
                .retainOnDelete(plan.retainOnDelete()).build();
    }
}
