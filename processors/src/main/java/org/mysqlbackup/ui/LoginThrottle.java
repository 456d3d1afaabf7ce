package org.mysqlbackup.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@code freeAttempts} failed logins for one key (a user name, or a
 * remote address) every further attempt must wait, twice as long after each failure, up to
 * {@code maxWait}. A success clears the key. Attempts during a wait are refused without checking
 * the password, so a guesser gets a handful of tries per hour instead of thousands per second.
 */
public class LoginThrottle {
    private static final int MAX_KEYS = 10_000;

    private final Clock clock;
    private final int freeAttempts;
    private final Duration firstWait;
    private final Duration maxWait;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock, int freeAttempts, Duration firstWait, Duration maxWait) {
        this.clock = clock;
        this.freeAttempts = freeAttempts;
        this.firstWait = firstWait;
        this.maxWait = maxWait;
    }

    /** How long {@code key} must still wait before its next attempt is checked; zero when it may try now. */
    public Duration waitFor(String key) {
        Failures f = failures.get(key);
        if (f == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), f.blockedUntil);
        return left.isNegative() ? Duration.ZERO : left;
    }

    public void failed(String key) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_KEYS) {
            failures.values().removeIf(f -> f.blockedUntil.plus(maxWait).isBefore(now));
        }
        failures.compute(key, (k, f) -> {
            int count = f == null ? 1 : f.count + 1;
            Instant until = count < freeAttempts ? now : now.plus(wait(count - freeAttempts));
            return new Failures(count, until);
        });
    }

    public void succeeded(String key) {
        failures.remove(key);
    }

    private Duration wait(int excess) {
        Duration wait = firstWait.multipliedBy(1L << Math.min(excess, 20));
        return wait.compareTo(maxWait) > 0 ? maxWait : wait;
    }

    private record Failures(int count, Instant blockedUntil) {
    }
}
