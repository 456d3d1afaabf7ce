package org.mysqlbackup.events;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publisher of one side's backup events: {@link #publish} puts an event in a bounded queue
 * and returns at once; one thread of its own hands each event, in order, to every subscribed
 * {@link EventListener} (the Camel route of {@code events.uris}, a console). A full queue drops
 * the event and counts it ({@link DropLog}), so a slow or failing endpoint never blocks or fails
 * a backup. With no listener, publishing costs nothing. Bound as {@code backupEvents}.
 */
public class BackupEvents extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(BackupEvents.class);

    private final BlockingQueue<BackupEvent> queue;
    private final List<EventListener> listeners = new CopyOnWriteArrayList<>();
    private final DropLog drops;
    private final String name;
    /** Queued or being delivered: what {@link #drain} waits for. */
    private final AtomicInteger unfinished = new AtomicInteger();
    private volatile Thread thread;

    /**
     * @param queueSize the most events waiting for delivery ({@code events.queue-size})
     * @param name      the side, for the thread's name
     */
    public BackupEvents(int queueSize, String name) {
        this(queueSize, name, Duration.ofMinutes(1));
    }

    BackupEvents(int queueSize, String name, Duration dropLogInterval) {
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.drops = new DropLog(queueSize, dropLogInterval, System::nanoTime);
        this.name = name;
    }

    /** A publisher nobody listens to, for commands that run without the app. */
    public static BackupEvents none() {
        return new BackupEvents(1, "none");
    }

    /** Queues {@code event} for delivery; never blocks. @return false if it was dropped or nobody listens */
    public boolean publish(BackupEvent event) {
        if (listeners.isEmpty()) {
            return false;
        }
        unfinished.incrementAndGet();
        if (queue.offer(event)) {
            return true;
        }
        unfinished.decrementAndGet();
        drops.dropped(1);
        return false;
    }

    /** Adds a listener for the events published from now on. @return closing it unsubscribes */
    public AutoCloseable subscribe(EventListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Events dropped since the start because the queue was full (or left in it at stop). */
    public long dropped() {
        return drops.total();
    }

    /** Events waiting for delivery. */
    public int pending() {
        return queue.size();
    }

    /**
     * Waits until every queued event was handed to the listeners, or {@code timeout} passed.
     * @return true if nothing is left
     */
    public boolean drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (unfinished.get() > 0 && System.nanoTime() < deadline && thread != null) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return unfinished.get() == 0;
    }

    @Override
    protected void doStart() {
        Thread started = new Thread(this::deliver, "mysql-backup-" + name + "-events");
        started.setDaemon(true);
        thread = started;
        started.start();
    }

    @Override
    protected void doStop() throws InterruptedException {
        Thread running = thread;
        thread = null;
        if (running != null) {
            running.interrupt();
            running.join(TimeUnit.SECONDS.toMillis(5));
        }
        int left = queue.size();
        queue.clear();
        unfinished.set(0);
        drops.flush();
        if (left > 0) {
            drops.leftAtStop(left);
        }
    }

    private void deliver() {
        while (thread == Thread.currentThread()) {
            BackupEvent event;
            try {
                event = queue.take();
            } catch (InterruptedException stopping) {
                return;
            }
            try {
                for (EventListener listener : listeners) {
                    try {
                        listener.onEvent(event);
                    } catch (RuntimeException e) {
                        LOG.warn("A listener of the backup events failed on {}: {}", event.event(), e.toString());
                    }
                }
            } finally {
                unfinished.decrementAndGet();
            }
        }
    }
}
