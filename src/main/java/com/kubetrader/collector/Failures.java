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

    private static final String CLOSED = "the connection was closed";

    static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        Throwable t = e;
        for (int depth = 0; t != null && depth < 5; depth++, t = t.getCause()) {
            if (t instanceof ExecutionException || t instanceof CompletionException) {
                continue; // wrappers say nothing of their own
            }
            String part = plain(t);
            if (part.equals(CLOSED) && out.indexOf("connection refused") >= 0) {
                continue; // the JDK's refused connect carries a closed channel as its cause: nothing more to say
            }
            if (!part.isEmpty() && out.indexOf(part) < 0) {
                if (out.length() > 0) {
                    out.append(": ");
                }
                out.append(part);
            }
        }
        return out.length() == 0 ? "failed without a reason given" : out.toString();
    }

    /** A Java class name (java.nio.channels.ClosedChannelException, SSLHandshakeException) inside a message. */
    private static final java.util.regex.Pattern CLASS_NAME = java.util.regex.Pattern.compile(
            "\\b(?:[a-z][a-z0-9_]*\\.)*[A-Z][A-Za-z0-9_]*(?:Exception|Error)\\b:?\\s*");

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
            message = withoutClassNames(message);
            return "TLS failed" + (message.isEmpty() ? "" : " (" + message + ")");
        }
        if (t instanceof java.nio.channels.ClosedChannelException || t instanceof java.io.EOFException) {
            return CLOSED;
        }
        if (t instanceof java.net.SocketTimeoutException) {
            return "timed out" + (message.isEmpty() ? "" : " (" + withoutClassNames(message) + ")");
        }
        if (t instanceof java.net.NoRouteToHostException) {
            return "no route to host";
        }
        if (t.getCause() != null && message.equals(t.getCause().toString())) {
            return ""; // new IOException(cause) copies the cause's class name as its message: the cause speaks
        }
        message = withoutClassNames(message);
        if (message.isEmpty()) {
            return t.getCause() == null ? "failed without a reason given" : "";
        }
        return message;
    }

    /** {@code message} with any Java class name taken out: users act on what happened, not on its class. */
    static String withoutClassNames(String message) {
        return CLASS_NAME.matcher(message).replaceAll("").strip();
    }
}
