package org.mysqlbackup.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;

/**
 * One line when an app is ready and one when it has stopped, for the operator and the journal.
 * Camel's SIGTERM hook only asks the main thread to stop, and the JVM halts once the hooks are
 * done: the stopped line (and the rest of the stop) would race the halt. A hook of this class
 * holds the JVM until the stop is complete, for at most {@code stopWait}.
 */
public abstract class LifecycleLog extends MainListenerSupport {
    private final String app;
    private final Clock clock;
    private final Duration stopWait;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread hook;
    private volatile Instant readyAt;

    protected LifecycleLog(String app, Clock clock, Duration stopWait) {
        this.app = app;
        this.clock = clock;
        this.stopWait = stopWait;
        this.hook = new Thread(this::awaitStop, app + "-stop");
    }

    /** The ready line: logged once the context and its routes have started. */
    protected abstract void logReady(BaseMainSupport main);

    protected abstract Logger log();

    @Override
    public final void afterStart(BaseMainSupport main) {
        readyAt = clock.instant();
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // asked to stop while starting: nothing to hold
        }
        logReady(main);
    }

    @Override
    public final void afterStop(BaseMainSupport main) {
        log().info("{} stopped{}", app, readyAt == null ? " before it was ready"
                : " after " + Duration.between(readyAt, clock.instant()).withNanos(0));
        stopped.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs, and ends now
        }
    }

    private void awaitStop() {
        try {
            if (!stopped.await(stopWait.toMillis(), TimeUnit.MILLISECONDS)) {
                log().warn("{} did not finish stopping within {} s; exiting anyway", app, stopWait.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
