package org.mysqlbackup.ui;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A server-sent events answer ({@code text/event-stream}) as an InputStream the HTTP engine pumps
 * to the browser: one {@code data:} event every {@code period} with what {@code next} returns, for
 * at most {@code lifetime}; then the stream ends and the browser's EventSource reconnects on its
 * own after the {@code retry} it was told. A bounded life keeps a forgotten tab from holding a
 * worker thread forever, and each read waits at most one period, so a closed tab is noticed.
 */
public class EventStream extends InputStream {
    private final Supplier<String> next;
    private final long periodNanos;
    private final long endNanos;
    private byte[] pending;
    private int position;
    private long nextEventNanos;
    private volatile boolean closed;

    /** @param next the JSON of the next event (one line); null skips that beat with a comment line */
    public EventStream(Supplier<String> next, Duration period, Duration lifetime) {
        this.next = next;
        this.periodNanos = period.toNanos();
        long now = System.nanoTime();
        this.endNanos = now + lifetime.toNanos();
        this.nextEventNanos = now;
        this.pending = ("retry: " + Math.max(500, period.toMillis()) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (position >= pending.length && !fill()) {
            return -1;
        }
        int n = Math.min(length, pending.length - position);
        System.arraycopy(pending, position, buffer, offset, n);
        position += n;
        return n;
    }

    /** Nothing is ever ready without waiting, so a reader sends each event as soon as it has it. */
    @Override
    public int available() {
        return pending.length - position;
    }

    @Override
    public void close() {
        closed = true;
    }

    private boolean fill() {
        long wait = nextEventNanos - System.nanoTime();
        if (closed || System.nanoTime() + Math.max(wait, 0) >= endNanos) {
            return false;
        }
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        nextEventNanos = System.nanoTime() + periodNanos;
        String json = next.get();
        pending = (json == null ? ": idle\n\n" : "data: " + json.replace('\n', ' ') + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
        position = 0;
        return !closed;
    }
}
