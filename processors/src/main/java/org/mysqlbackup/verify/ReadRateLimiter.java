package org.mysqlbackup.verify;

import java.util.function.LongSupplier;

/**
 * Holds reads to at most a number of bytes per second, so a scrub of the whole storage does not
 * starve the transfers the server receives meanwhile. The budget is counted from the first read:
 * a reader that was slow for a while (a busy disk) may catch up at full speed until it is back on
 * the rate, never above it on average. Not shared between threads; a verify run reads one file at
 * a time.
 */
public final class ReadRateLimiter {
    /** How the limiter waits; a test passes one that only advances its clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long bytesPerSecond;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long startedNanos;
    private long bytes;
    private boolean started;

    /** @param bytesPerSecond 0 for no limit */
    public ReadRateLimiter(long bytesPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("read rate " + bytesPerSecond + " is negative");
        }
        this.bytesPerSecond = bytesPerSecond;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    public static ReadRateLimiter of(long bytesPerSecond) {
        return new ReadRateLimiter(bytesPerSecond, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000,
                (int) (nanos % 1_000_000)));
    }

    public static ReadRateLimiter unlimited() {
        return of(0);
    }

    public long bytesPerSecond() {
        return bytesPerSecond;
    }

    /** Counts {@code count} bytes just read, waiting first if they would put the reader above the rate. */
    public void acquire(long count) throws InterruptedException {
        if (bytesPerSecond == 0 || count <= 0) {
            return;
        }
        if (!started) {
            startedNanos = nanoTime.getAsLong();
            started = true;
        }
        bytes += count;
        // when this many bytes are due at the rate; a double keeps nanosecond precision for 100 days
        long dueNanos = startedNanos + (long) (bytes * (double) NANOS_PER_SECOND / bytesPerSecond);
        long wait = dueNanos - nanoTime.getAsLong();
        if (wait > 0) {
            sleeper.sleepNanos(wait);
        }
    }
}
