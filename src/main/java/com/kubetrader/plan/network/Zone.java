package com.kubetrader.plan.network;

/** Which of the three AZs a subnet lives in. */
public enum Zone {
    /** apne1-az4 by default: everything that does real work. */
    PRIMARY,
    /** apne1-az1 by default: only what AWS insists be multi-AZ (ALB registration, Aurora reader). */
    STANDBY,
    /** apne1-az2 by default: address space kept free, nothing declared. */
    RESERVED
}
