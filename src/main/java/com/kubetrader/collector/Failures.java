package com.kubetrader.collector;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;

/**
 * Names why a network call failed in words a user can act on. The JDK's HTTP and WebSocket clients often throw
 * exceptions whose own message is null ({@code ConnectException} for a refused port), so the cause chain is read.
 */
final class Failures {

    private Failures() {
    }

    static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        Throwable t = e;
        for (int depth = 0; t != null && depth < 5; depth++, t = t.getCause()) {
            if (t instanceof ExecutionException || t instanceof CompletionException) {
                continue; // wrappers say nothing of their own
            }
            String part = plain(t);
            if (!part.isEmpty() && out.indexOf(part) < 0) {
                if (out.length() > 0) {
                    out.append(": ");
                }
                out.append(part);
            }
        }
        return out.length() == 0 ? e.getClass().getSimpleName() : out.toString();
    }

    private static String plain(Throwable t) {
        String message = t.getMessage() == null ? "" : t.getMessage().strip();
        if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
            return "host not found" + (message.isEmpty() ? "" : " (" + message + ")");
        }
        if (t instanceof HttpConnectTimeoutException) {
            return "connect timed out";
        }
        if (t instanceof HttpTimeoutException) {
            return "timed out" + (message.isEmpty() ? "" : " (" + message + ")");
        }
        if (t instanceof ConnectException) {
            return message.isEmpty() || message.toLowerCase(java.util.Locale.ROOT).startsWith("connection refused")
                    ? "connection refused" : "cannot connect (" + message + ")";
        }
        if (t instanceof SSLException) {
            return "TLS failed" + (message.isEmpty() ? "" : " (" + message + ")");
        }
        if (message.isEmpty()) {
            return t.getCause() == null ? t.getClass().getSimpleName() : "";
        }
        return message;
    }
}
