package org.mysqlbackup.events;

/**
 * Receives every event of its side, in order, on the publisher's own thread (never a backup's):
 * the Camel endpoints of {@code events.uris}, and in-JVM subscribers such as a console's live view.
 * A listener that is slow delays only later events; one that throws is logged and skipped.
 */
@FunctionalInterface
public interface EventListener {
    void onEvent(BackupEvent event);
}
