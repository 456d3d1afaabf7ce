package org.mysqlbackup.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.server.SettableClock;

class LoginThrottleTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock, 3, Duration.ofSeconds(1), Duration.ofSeconds(10));

    @Test
    void freeAttemptsThenAWaitThatDoublesUpToTheCap() {
        throttle.failed("user:ops");
        throttle.failed("user:ops");
        assertThat(throttle.waitFor("user:ops")).isZero();
        throttle.failed("user:ops");
        assertThat(throttle.waitFor("user:ops")).isEqualTo(Duration.ofSeconds(1));
        throttle.failed("user:ops");
        assertThat(throttle.waitFor("user:ops")).isEqualTo(Duration.ofSeconds(2));
        throttle.failed("user:ops");
        assertThat(throttle.waitFor("user:ops")).isEqualTo(Duration.ofSeconds(4));
        for (int i = 0; i < 30; i++) {
            throttle.failed("user:ops");
        }
        assertThat(throttle.waitFor("user:ops")).isEqualTo(Duration.ofSeconds(10));
        clock.set(clock.instant().plusSeconds(4));
        assertThat(throttle.waitFor("user:ops")).isEqualTo(Duration.ofSeconds(6));
        clock.set(clock.instant().plusSeconds(6));
        assertThat(throttle.waitFor("user:ops")).isZero();
    }

    @Test
    void keysAreApartAndASuccessClearsOne() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("address:10.0.0.1");
        }
        assertThat(throttle.waitFor("address:10.0.0.1")).isPositive();
        assertThat(throttle.waitFor("address:10.0.0.2")).isZero();
        throttle.succeeded("address:10.0.0.1");
        assertThat(throttle.waitFor("address:10.0.0.1")).isZero();
    }
}
