package org.mysqlbackup.client.run;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of one transfer the server has confirmed. Only ever grows, so every figure derived from
 * it (percentage, ETA) is monotonic; chunks the server already held when the transfer was
 * (re)opened count as done from the start.
 */
public final class TransferProgress {
    private final AtomicLong confirmed = new AtomicLong();
    private volatile long total;
    private volatile long heldAtStart;
    private volatile long startedNanos;

    /** The transfer (re)starts: {@code held} of {@code total} bytes are on the server already. */
    public void start(long total, long held) {
        this.total = total;
        this.heldAtStart = held;
        this.startedNanos = System.nanoTime();
        confirmed.updateAndGet(current -> Math.max(current, held));
    }

    public void confirmed(long bytes) {
        confirmed.addAndGet(bytes);
    }

    public long confirmedBytes() {
        return Math.min(confirmed.get(), total);
    }

    public long totalBytes() {
        return total;
    }

    /** 0 to 100; 100 for an empty file. */
    public double percent() {
        return total == 0 ? 100.0 : 100.0 * confirmedBytes() / total;
    }

    /** Bytes per second sent in this run (held chunks excluded). */
    public long rate() {
        long elapsed = System.nanoTime() - startedNanos;
        long sent = confirmedBytes() - heldAtStart;
        return elapsed <= 0 || sent <= 0 ? 0 : (long) (sent * 1e9 / elapsed);
    }

    public Optional<Duration> eta() {
        long rate = rate();
        return rate == 0 ? Optional.empty() : Optional.of(Duration.ofMillis((total - confirmedBytes()) * 1000 / rate));
    }
}
