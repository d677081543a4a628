package com.kubetrader.plan.transition;

/** Thrown before anything is declared when a change cannot complete in one pulumi up: the message says why and how. */
public final class TransitionRefusedException extends RuntimeException {

    private final TransitionGuard.Verdict verdict;

    public TransitionRefusedException(TransitionGuard.Verdict verdict) {
        super(verdict.message());
        this.verdict = verdict;
    }

    public TransitionGuard.Verdict verdict() {
        return verdict;
    }
}
