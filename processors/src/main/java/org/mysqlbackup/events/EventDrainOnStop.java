package org.mysqlbackup.events;

import java.time.Duration;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the app begins to stop, and before Camel stops its routes, the events still queued are
 * delivered for up to {@code events.drain-timeout-ms}; what is left then is dropped and counted
 * when {@link BackupEvents} stops. So the last event of a one-shot backup-now reaches its
 * endpoints, and a dead endpoint delays the stop by the timeout at most.
 */
public final class EventDrainOnStop extends EventNotifierSupport {
    private static final Logger LOG = LoggerFactory.getLogger(EventDrainOnStop.class);

    private final BackupEvents events;
    private final Duration timeout;

    public EventDrainOnStop(BackupEvents events, Duration timeout) {
        this.events = events;
        this.timeout = timeout;
        setIgnoreExchangeEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStoppingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        if (!events.drain(timeout)) {
            LOG.warn("{} backup event(s) not delivered within events.drain-timeout-ms ({} ms) of the stop",
                    events.pending(), timeout.toMillis());
        }
    }
}
