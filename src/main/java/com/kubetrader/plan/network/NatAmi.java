package com.kubetrader.plan.network;

/** The image the NAT instance boots, as the account describes it. */
public record NatAmi(String amiId, String architecture) {

    /** fck-nat's publisher in ap-northeast-1. */
    public static final String FCK_NAT_OWNER = "568608671756";
    /** fck-nat's arm64 images on Amazon Linux 2023. */
    public static final String FCK_NAT_NAME_PATTERN = "fck-nat-al2023-*-arm64-ebs";
}
