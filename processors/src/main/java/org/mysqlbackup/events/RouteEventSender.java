package org.mysqlbackup.events;

import org.apache.camel.ProducerTemplate;

/**
 * The listener that hands each event, as JSON, to the events route of its side
 * ({@code routes-client/events.camel.yaml}, {@code routes-server/events.camel.yaml}), which sends
 * it to every endpoint of {@code events.uris}. Runs on the publisher's thread.
 */
public final class RouteEventSender implements EventListener {
    /** The header with the event's type, for endpoints that route on it (e.g. a Kafka key, a JMS selector). */
    public static final String EVENT_HEADER = "MysqlBackupEvent";

    private final ProducerTemplate producer;
    private final String routeEndpoint;
    private final EventJson json;

    public RouteEventSender(ProducerTemplate producer, String routeEndpoint, EventJson json) {
        this.producer = producer;
        this.routeEndpoint = routeEndpoint;
        this.json = json;
    }

    @Override
    public void onEvent(BackupEvent event) {
        producer.sendBodyAndHeader(routeEndpoint, json.toJson(event), EVENT_HEADER, event.event());
    }
}
