package com.kubetrader.collector;

/** A bad command line: the message names the flag, the value given and what would be valid. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
