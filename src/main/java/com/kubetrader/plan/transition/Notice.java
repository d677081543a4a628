package com.kubetrader.plan.transition;

/** Something a change does that its author must know, though it completes: an address to whitelist, say. */
public record Notice(String rule, String text) {
}
