package org.mysqlbackup.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped policy {@code client-transfer-retry} (routes-client/error-handling.camel.yaml): what
 * a talk with the server is tried again for, and what fails at once.
 */
class TransferRetryPolicyTest {
    private CamelContext context;
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile Exception failure;

    @BeforeEach
    void start() throws Exception {
        context = new DefaultCamelContext();
        Properties props = new Properties();
        props.putAll(Map.of("transfer.retry.max-redeliveries", "3", "transfer.retry.initial-delay-ms", "1",
                "transfer.retry.max-delay-ms", "5", "mysql.start.retries", "0", "mysql.start.retry-delay-ms", "1",
                "mysql.verify.retries", "0", "mysql.verify.delay-pattern", "0:1"));
        context.getPropertiesComponent().setInitialProperties(props);
        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.resolveMandatoryResource(context, "file:../routes-client/error-handling.camel.yaml"));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:talk").routeConfigurationId("client-transfer-retry").process(e -> {
                    // fails twice, then answers
                    if (attempts.incrementAndGet() <= 2) {
                        throw failure;
                    }
                });
            }
        });
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private Exchange talk(Exception thrown) {
        failure = thrown;
        return context.createProducerTemplate().send("direct:talk", e -> { });
    }

    @ParameterizedTest
    @ValueSource(strings = {"refused", "reset", "pool"})
    void connectionTroubleIsTriedAgain(String kind) {
        Exception thrown = switch (kind) {
            case "refused" -> new ConnectException("Connection refused");
            case "reset" -> new IOException("Connection reset by peer");
            // commons-pool, when a connection through a proxy closes before it is handed out
            default -> new NoSuchElementException("Unable to validate object");
        };
        Exchange result = talk(thrown);

        assertThat(result.getException()).isNull();
        assertThat(attempts.get()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"handshake", "bug"})
    void whatWaitingCannotHealFailsAtOnce(String kind) {
        Exception thrown = kind.equals("handshake") ? new SSLHandshakeException("certificate unknown")
                : new IllegalStateException("a mistake of ours");
        Exchange result = talk(thrown);

        assertThat(result.getException()).isSameAs(thrown);
        assertThat(attempts.get()).isEqualTo(1);
    }
}
