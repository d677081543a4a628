package com.kubetrader.stack;

import com.kubetrader.plan.settings.ConfigSource;
import com.pulumi.Context;
import java.util.Optional;

/** Stack config as the Pulumi engine hands it to the program. */
final class PulumiConfigSource implements ConfigSource {

    private final Context ctx;

    PulumiConfigSource(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Optional<String> get(String qualifiedKey) {
        int colon = qualifiedKey.indexOf(':');
        return ctx.config(qualifiedKey.substring(0, colon)).get(qualifiedKey.substring(colon + 1));
    }
}
