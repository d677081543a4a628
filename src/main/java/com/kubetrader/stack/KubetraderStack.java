package com.kubetrader.stack;

import com.pulumi.Context;

/** Reads and validates the stack's settings, then declares the components. */
public final class KubetraderStack {

    private KubetraderStack() {
    }

    public static void declare(Context ctx) {
        // filled in by the network work
    }
}
