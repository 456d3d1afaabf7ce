package org.mysqlbackup.events;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts events dropped because the queue was full and says so at most once per interval, with
 * the count since the last line: an endpoint that is down for an hour must not write a log line
 * for every event it misses.
 */
final class DropLog {
    private static final Logger LOG = LoggerFactory.getLogger(DropLog.class);

    private final int queueSize;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private long total;
    private long unlogged;
    private long lastLogged;
    private boolean loggedOnce;

    /** @param nanoTime {@link System#nanoTime()}, or a test's clock */
    DropLog(int queueSize, Duration interval, LongSupplier nanoTime) {
        this.queueSize = queueSize;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    synchronized void dropped(long count) {
        total += count;
        unlogged += count;
        long now = nanoTime.getAsLong();
        if (!loggedOnce || now - lastLogged >= intervalNanos) {
            log(now);
        }
    }

    /** Events still queued when the app stopped: said at once, apart from the overflow. */
    synchronized void leftAtStop(long count) {
        total += count;
        LOG.warn("{} backup event(s) still queued when the process stopped were not delivered (events.drain-timeout-ms);"
                + " {} dropped since the start", count, total);
    }

    /** Says what was dropped since the last line, e.g. when the app stops. */
    synchronized void flush() {
        if (unlogged > 0) {
            log(nanoTime.getAsLong());
        }
    }

    synchronized long total() {
        return total;
    }

    private void log(long now) {
        LOG.warn("{} backup event(s) dropped{}: the event queue (events.queue-size = {}) was full, an endpoint of"
                        + " events.uris is slow or down; {} dropped since the start. Backups are not affected.",
                unlogged, loggedOnce ? " in the last " + Duration.ofNanos(now - lastLogged).toSeconds() + " s" : "",
                queueSize, total);
        unlogged = 0;
        lastLogged = now;
        loggedOnce = true;
    }
}
