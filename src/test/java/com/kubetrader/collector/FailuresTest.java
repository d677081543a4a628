package com.kubetrader.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Why a network call failed, in words: never a Java class name (docs/output-rules.md, rule 7). */
class FailuresTest {

    @Nested
    class ARefusedConnection {

        @Test
        void saysConnectionRefusedWithoutTheClosedChannelTheJdkCarriesAsItsCause() {
            ConnectException refused = new ConnectException();
            refused.initCause(new ClosedChannelException());
            assertThat(Failures.describe(new CompletionException(refused))).isEqualTo("connection refused");
        }
    }

    @Nested
    class ExceptionsWithoutAMessage {

        @Test
        void aClosedChannelIsTheConnectionClosedNotItsClassName() {
            assertThat(Failures.describe(new IOException(new ClosedChannelException())))
                    .isEqualTo("the connection was closed");
        }

        @Test
        void anExceptionWithNothingToSaySaysSoInWords() {
            assertThat(Failures.describe(new IllegalStateException())).isEqualTo("failed without a reason given");
        }
    }

    @Nested
    class MessagesThatQuoteAClassName {

        @Test
        void keepTheirWordsAndLoseTheClassName() {
            SSLHandshakeException tls = new SSLHandshakeException(
                    "javax.net.ssl.SSLHandshakeException: PKIX path building failed");
            assertThat(Failures.describe(tls)).isEqualTo("TLS failed (PKIX path building failed)")
                    .doesNotContain("Exception");
            assertThat(Failures.describe(new IOException("java.io.EOFException: stream ended")))
                    .isEqualTo("stream ended");
        }
    }
}
