package org.mysqlbackup.protocol;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Caps the bytes of incoming chunk frames held in memory at once, over all connections. A
 * connection whose next frame does not fit stops reading (TCP then slows its client down) until
 * earlier frames are processed and released: back-pressure, not failure. A frame larger than the
 * whole budget is let through alone, so no connection can wait forever.
 */
public final class ReceiveBudget {
    private final long capacity;
    private final Deque<Runnable> waiters = new ArrayDeque<>();
    private long used;
    private long pauses;

    public ReceiveBudget(long capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("receive budget must be positive, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Takes {@code bytes} (capped at the capacity) if they fit now. */
    public synchronized boolean tryAcquire(long bytes) {
        long amount = Math.min(bytes, capacity);
        if (used + amount > capacity) {
            return false;
        }
        used += amount;
        return true;
    }

    /** Runs {@code retry} once some bytes are released (or now, if nothing is held). */
    public void whenReleased(Runnable retry) {
        synchronized (this) {
            if (used > 0) {
                waiters.add(retry);
                pauses++;
                return;
            }
        }
        retry.run();
    }

    public void release(long bytes) {
        List<Runnable> wake;
        synchronized (this) {
            used = Math.max(0, used - Math.min(bytes, capacity));
            wake = new ArrayList<>(waiters);
            waiters.clear();
        }
        wake.forEach(Runnable::run);
    }

    public synchronized long used() {
        return used;
    }

    /** How many times a connection had to stop reading for want of budget, since start. */
    public synchronized long pauses() {
        return pauses;
    }

    public long capacity() {
        return capacity;
    }
}
