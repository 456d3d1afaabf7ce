package org.mysqlbackup.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped events routes (routes-client/ and routes-server/events.camel.yaml): an event reaches
 * every endpoint of events.uris, and one endpoint that throws stops neither the others nor the
 * publisher.
 */
class EventsRouteTest {
    @TempDir
    Path folder;
    private CamelContext context;

    /** An endpoint that always fails, as a {@code class:} URI. */
    public static class Broken {
        public void take(String body) {
            throw new IllegalStateException("the ESB is down");
        }
    }

    private void start(String side, String uris) throws Exception {
        context = new DefaultCamelContext();
        Properties props = new Properties();
        props.put("events.uris", uris);
        context.getPropertiesComponent().setInitialProperties(props);
        context.getRegistry().bind("eventDeliveryFailures", new EventDeliveryFailures());
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveMandatoryResource(context,
                "file:../routes-" + side + "/events.camel.yaml"));
        context.start();
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"client", "server"})
    void aBrokenEndpointIsSkippedAndTheOthersGetTheJson(String side) throws Exception {
        Path spool = folder.resolve("spool");
        start(side, "class:" + Broken.class.getName() + "?method=take,seda:it, file:" + spool);
        String json = new EventJson().toJson(BackupEvent.of(EventType.BACKUP_COMPLETED, side, Instant.now())
                .backupId(3L).build());

        Exchange result = context.createProducerTemplate().send("direct:" + side + "-events", e -> {
            e.getMessage().setBody(json);
            e.getMessage().setHeader(RouteEventSender.EVENT_HEADER, "backup.completed");
        });

        assertThat(result.getException()).as("the failure of one endpoint is not the publisher's").isNull();
        SedaEndpoint seda = context.getEndpoint("seda:it", SedaEndpoint.class);
        assertThat(seda.getQueue()).hasSize(1);
        Exchange delivered = seda.getQueue().peek();
        assertThat(delivered.getMessage().getBody(String.class)).isEqualTo(json);
        assertThat(delivered.getMessage().getHeader("Content-Type")).isEqualTo("application/json");
        try (var files = Files.list(spool)) {
            List<Path> written = files.toList();
            assertThat(written).hasSize(1);
            assertThat(Files.readString(written.get(0))).isEqualTo(json);
        }
    }

    @Test
    void noUrisSendsNowhere() throws Exception {
        start("client", "");
        Exchange result = context.createProducerTemplate().send("direct:client-events",
                e -> e.getMessage().setBody("{}"));
        assertThat(result.getException()).isNull();
    }

    @Test
    void thePublisherFeedsTheRouteThroughItsListener() throws Exception {
        start("client", "seda:through");
        BackupEvents events = new BackupEvents(10, "client");
        events.subscribe(new RouteEventSender(context.createProducerTemplate(), "direct:client-events",
                new EventJson()));
        events.start();
        try {
            events.publish(BackupEvent.of(EventType.BACKUP_STARTED, "client", Instant.now()).backupId(9L).build());
            assertThat(events.drain(Duration.ofSeconds(5))).isTrue();
        } finally {
            events.stop();
        }
        Exchange delivered = context.getEndpoint("seda:through", SedaEndpoint.class).getQueue().peek();
        assertThat(delivered.getMessage().getBody(String.class)).contains("\"event\":\"backup.started\"")
                .contains("\"backupId\":9");
        assertThat(delivered.getMessage().getHeader(RouteEventSender.EVENT_HEADER)).isEqualTo("backup.started");
    }
}
