package org.mysqlbackup.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.server.SettableClock;

class ConsoleSessionsTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final Set<String> users = new HashSet<>(Set.of("ops", "dba"));
    private final ConsoleSessions sessions = new ConsoleSessions(clock, users::contains, Duration.ofMinutes(30),
            Duration.ofHours(12));

    @Test
    void aSessionLivesWhileUsedAndEndsAfterIdleTime() {
        ConsoleSessions.Session session = sessions.open("ops");
        clock.set(clock.instant().plus(Duration.ofMinutes(29)));
        assertThat(sessions.find(session.id())).isPresent();
        clock.set(clock.instant().plus(Duration.ofMinutes(29)));
        assertThat(sessions.find(session.id())).as("used 29 minutes ago").isPresent();
        clock.set(clock.instant().plus(Duration.ofMinutes(31)));
        assertThat(sessions.find(session.id())).as("idle 31 minutes").isEmpty();
    }

    @Test
    void aBusySessionStillEndsAtItsAbsoluteLimit() {
        ConsoleSessions.Session session = sessions.open("ops");
        for (int i = 0; i < 12 * 4 - 1; i++) {
            clock.set(clock.instant().plus(Duration.ofMinutes(15)));
            assertThat(sessions.find(session.id())).isPresent();
        }
        clock.set(clock.instant().plus(Duration.ofMinutes(16)));
        assertThat(sessions.find(session.id())).isEmpty();
    }

    @Test
    void aRemovedUsersSessionEndsWithinAMinute() {
        ConsoleSessions.Session session = sessions.open("dba");
        users.remove("dba");
        clock.set(clock.instant().plusSeconds(61));
        assertThat(sessions.find(session.id())).isEmpty();
    }

    @Test
    void tokensAreRandomAndTheCsrfTokenIsCheckedExactly() {
        ConsoleSessions.Session a = sessions.open("ops");
        ConsoleSessions.Session b = sessions.open("ops");
        assertThat(a.id()).isNotEqualTo(b.id()).hasSize(43);
        assertThat(a.csrfToken()).isNotEqualTo(a.id()).isNotEqualTo(b.csrfToken());
        assertThat(a.csrfMatches(a.csrfToken())).isTrue();
        assertThat(a.csrfMatches(b.csrfToken())).isFalse();
        assertThat(a.csrfMatches(null)).isFalse();
        assertThat(a.csrfMatches("")).isFalse();
        sessions.close(a.id());
        assertThat(sessions.find(a.id())).isEmpty();
        assertThat(sessions.find(b.id())).isPresent();
        assertThat(sessions.find(null)).isEmpty();
    }
}
