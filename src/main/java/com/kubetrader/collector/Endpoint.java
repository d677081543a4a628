package com.kubetrader.collector;

import java.net.URI;
import java.util.List;

/**
 * One endpoint of a run, as given to {@code --endpoint}.
 *
 * @param label   the text the user gave, without the {@code rtt-only:} prefix; the value of the CSVs' endpoint column
 * @param base    the parsed URL
 * @param rttOnly one connection that subscribes to nothing and only pings (for example Binance's WebSocket API,
 *                where the trading engine sends its orders)
 */
public record Endpoint(String label, URI base, boolean rttOnly) {

    public static final String RTT_ONLY_PREFIX = "rtt-only:";

    /** Where the connection goes: the combined trade stream with microsecond timestamps, or the URL as given. */
    public URI connectUri() {
        if (rttOnly) {
            return base;
        }
        String text = base.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text + "/stream?" + String.join("&", List.of("timeUnit=MICROSECOND")));
    }

    /** The port a plain socket probe connects to: the URL's, or the scheme's default. */
    public int port() {
        if (base.getPort() != -1) {
            return base.getPort();
        }
        return tls() ? 443 : 80;
    }

    public boolean tls() {
        return "wss".equalsIgnoreCase(base.getScheme());
    }
}
