package org.mysqlbackup.events;

import java.time.Duration;
import org.apache.camel.CamelContext;
import org.mysqlbackup.config.InvalidSettingException;
import org.mysqlbackup.config.Settings;

/**
 * Wires the events of one side from its {@code events.*} keys: the publisher (bound as
 * {@code backupEvents}, stopped with the app), the aggregation of the events route, the drain at
 * stop and, when {@code events.uris} names endpoints, the listener that feeds the route
 * {@code direct:<side>-events}.
 */
public final class EventSettings {
    private EventSettings() {
    }

    /** @param side {@code client} or {@code server} */
    public static BackupEvents bind(CamelContext context, Settings settings, String side) throws Exception {
        int queueSize = settings.integer("events.queue-size", 1000, 1, 1_000_000);
        Duration drain = settings.duration("events.drain-timeout-ms", Duration.ofSeconds(5));
        BackupEvents events = new BackupEvents(queueSize, side);
        context.getRegistry().bind("backupEvents", events);
        context.getRegistry().bind("eventDeliveryFailures", new EventDeliveryFailures());
        context.addService(events, true, true);
        context.getManagementStrategy().addEventNotifier(new EventDrainOnStop(events, drain));
        String uris = settings.string("events.uris", "");
        if (!uris.isBlank()) {
            requireComponents(context, uris);
            events.subscribe(new RouteEventSender(context.createProducerTemplate(), "direct:" + side + "-events",
                    new EventJson()));
        }
        return events;
    }

    /**
     * An endpoint whose component is not in the jar would fail every event; say so at start-up
     * instead, with the fix.
     */
    static void requireComponents(CamelContext context, String uris) {
        for (String uri : uris.split(",")) {
            String trimmed = uri.strip();
            int colon = trimmed.indexOf(':');
            if (colon <= 0) {
                throw new InvalidSettingException("events.uris", "has '" + trimmed + "', which is not a Camel"
                        + " endpoint URI (scheme:path, e.g. kafka:backups, file:/var/spool/backup-events)");
            }
            String scheme = trimmed.substring(0, colon);
            if (context.getComponent(scheme) == null) {
                throw new InvalidSettingException("events.uris", "has '" + trimmed + "', but there is no Camel"
                        + " component '" + scheme + "' in this installation; add its dependency (camel-" + scheme
                        + ") to processors/pom.xml and rebuild, or remove the URI");
            }
        }
    }
}
