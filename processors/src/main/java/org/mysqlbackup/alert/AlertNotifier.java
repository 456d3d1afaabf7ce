package org.mysqlbackup.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an alert to every configured channel (seed property 21: a critical error reaches all
 * configured alert channels). The log always gets the alert first, so even with no channel, a
 * dead mail server and a dead webhook the operator finds it in the log.
 *
 * <p>Channels are tried one after the other, each with a bounded number of attempts and a short
 * doubling back-off in between; a channel that throws, or gives up, never keeps the alert from
 * the channels after it. Every channel's own timeouts bound the time {@link #notify(AlertMessage)} takes.
 *
 * <p>Thread-safe: the state is immutable, each call keeps its own bookkeeping.
 */
public final class AlertNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(AlertNotifier.class);
    public static final int DEFAULT_ATTEMPTS = 3;
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);

    /** How a notifier waits between attempts; replaced in tests so they do not sleep. */
    @FunctionalInterface
    interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final List<AlertChannel> channels;
    private final AlertSeverity minSeverity;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final Pause pause;

    /** Three attempts per channel, 1 s then 2 s apart. */
    public AlertNotifier(List<AlertChannel> channels, AlertSeverity minSeverity) {
        this(channels, minSeverity, DEFAULT_ATTEMPTS, DEFAULT_BACKOFF);
    }

    /**
     * @param maxAttempts  attempts per channel and alert, at least 1
     * @param firstBackoff the wait before the second attempt; it doubles before each further one
     */
    public AlertNotifier(List<AlertChannel> channels, AlertSeverity minSeverity, int maxAttempts,
                         Duration firstBackoff) {
        this(channels, minSeverity, maxAttempts, firstBackoff, duration -> Thread.sleep(duration.toMillis()));
    }

    AlertNotifier(List<AlertChannel> channels, AlertSeverity minSeverity, int maxAttempts, Duration firstBackoff,
                  Pause pause) {
        this.channels = List.copyOf(channels);
        this.minSeverity = Objects.requireNonNull(minSeverity, "minSeverity");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1 but is " + maxAttempts);
        }
        if (firstBackoff.isNegative()) {
            throw new IllegalArgumentException("firstBackoff must not be negative");
        }
        Set<String> names = new HashSet<>();
        for (AlertChannel channel : this.channels) {
            // the report identifies channels by name; two "mail" entries could not be told apart
            if (!names.add(channel.name())) {
                throw new IllegalArgumentException("two alert channels are named '" + channel.name() + "'");
            }
        }
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
        this.pause = pause;
    }

    public List<AlertChannel> channels() {
        return channels;
    }

    public AlertSeverity minSeverity() {
        return minSeverity;
    }

    /**
     * Logs the alert, then sends it to every channel if it is at least the minimum severity.
     * Never throws because a channel failed: the report says which delivered and which did not.
     */
    public AlertReport notify(AlertMessage alert) {
        Objects.requireNonNull(alert, "alert");
        log(alert);
        if (!alert.severity().isAtLeast(minSeverity)) {
            return new AlertReport(alert, true, List.of(), List.of());
        }
        List<String> delivered = new ArrayList<>();
        List<AlertReport.ChannelFailure> failed = new ArrayList<>();
        for (AlertChannel channel : channels) {
            AlertReport.ChannelFailure failure = deliver(channel, alert);
            if (failure == null) {
                delivered.add(channel.name());
            } else {
                failed.add(failure);
                LOG.error("Alert channel '{}' gave up after {} attempt(s): {}. The alert it did not deliver: {}",
                        failure.channel(), failure.attempts(), failure.reason(), alert.subject());
            }
        }
        return new AlertReport(alert, false, delivered, failed);
    }

    /** Tries one channel up to the attempt limit; {@code null} when it delivered. */
    private AlertReport.ChannelFailure deliver(AlertChannel channel, AlertMessage alert) {
        Duration backoff = firstBackoff;
        String reason = "not attempted";
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                channel.send(alert);
                return null;
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable error) { // any other failure of one channel must not cost the others the alert
                reason = describe(error);
                if (attempt == maxAttempts) {
                    return new AlertReport.ChannelFailure(channel.name(), attempt, reason);
                }
                LOG.warn("Alert channel '{}' attempt {} of {} failed: {}; trying again in {} ms", channel.name(),
                        attempt, maxAttempts, reason, backoff.toMillis());
            }
            if (!pauseFor(backoff)) {
                // interrupted (shutting down): the other channels still get their first attempt
                return new AlertReport.ChannelFailure(channel.name(), attempt, reason + " (retries cut short by an interrupt)");
            }
            backoff = backoff.multipliedBy(2);
        }
        throw new AssertionError("unreachable");
    }

    private boolean pauseFor(Duration backoff) {
        if (backoff.isZero()) {
            return !Thread.currentThread().isInterrupted();
        }
        try {
            pause.sleep(backoff);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String describe(Throwable error) {
        // a channel's own exceptions are written for the operator; others are described by their root cause
        return error instanceof AlertDeliveryException && error.getMessage() != null
                ? error.getMessage()
                : AlertDeliveryException.rootCauseOf(error);
    }

    private static void log(AlertMessage alert) {
        if (alert.severity() == AlertSeverity.CRITICAL) {
            LOG.error("CRITICAL alert: {} | {}", alert.subject(), alert.logDetails());
        } else {
            LOG.warn("FAILURE alert: {} | {}", alert.subject(), alert.logDetails());
        }
    }
}
