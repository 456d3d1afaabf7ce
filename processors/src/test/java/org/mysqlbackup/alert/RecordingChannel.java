package org.mysqlbackup.alert;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A channel that fails its first {@code failures} attempts, then records what it delivers. */
final class RecordingChannel implements AlertChannel {
    private final String name;
    private final int failures;
    private final AtomicInteger attempts = new AtomicInteger();
    private final List<AlertMessage> delivered = new CopyOnWriteArrayList<>();

    RecordingChannel(String name, int failures) {
        this.name = name;
        this.failures = failures;
    }

    static RecordingChannel working(String name) {
        return new RecordingChannel(name, 0);
    }

    static RecordingChannel broken(String name) {
        return new RecordingChannel(name, Integer.MAX_VALUE);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(AlertMessage alert) {
        int attempt = attempts.incrementAndGet();
        if (attempt <= failures) {
            throw new IllegalStateException(name + " is down (attempt " + attempt + ")");
        }
        delivered.add(alert);
    }

    int attempts() {
        return attempts.get();
    }

    List<AlertMessage> delivered() {
        return delivered;
    }
}
