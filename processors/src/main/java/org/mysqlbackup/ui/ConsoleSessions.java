package org.mysqlbackup.ui;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Logged-in console sessions, in memory: a restart logs everyone out, which is the safe side. A
 * session ends after {@code idle} without a request, and {@code absolute} after its login however
 * busy it is. Each session carries its own CSRF token, sent back on every state-changing request.
 */
public class ConsoleSessions {
    private static final Base64.Encoder TOKEN = Base64.getUrlEncoder().withoutPadding();

    /** How often a live session checks that its user still exists (was not removed by ui-user remove). */
    private static final Duration RECHECK = Duration.ofMinutes(1);

    private final Clock clock;
    private final Predicate<String> userExists;
    private final Duration idle;
    private final Duration absolute;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public ConsoleSessions(Clock clock, Predicate<String> userExists, Duration idle, Duration absolute) {
        this.clock = clock;
        this.userExists = userExists;
        this.idle = idle;
        this.absolute = absolute;
    }

    /** A new session for {@code user}. */
    public Session open(String user) {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> s.expired(now, idle, absolute));
        Session session = new Session(newToken(), newToken(), user, now);
        sessions.put(session.id(), session);
        return session;
    }

    /** The live session of {@code id}, touched; empty when unknown or expired. */
    public Optional<Session> find(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        Session session = sessions.get(id);
        Instant now = clock.instant();
        if (session == null) {
            return Optional.empty();
        }
        if (session.expired(now, idle, absolute) || !stillAllowed(session, now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        session.touch(now);
        return Optional.of(session);
    }

    private boolean stillAllowed(Session session, Instant now) {
        if (now.isBefore(session.checkedAt.plus(RECHECK))) {
            return true;
        }
        session.checkedAt = now;
        return userExists.test(session.user());
    }

    public void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** Ends every session of {@code user} (the user was removed or got a new password). */
    public void closeAll(String user) {
        sessions.values().removeIf(s -> s.user().equals(user));
    }

    /** How long a new session lives at most without a request. */
    public Duration idleTimeout() {
        return idle;
    }

    private String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return TOKEN.encodeToString(bytes);
    }

    /** One login. */
    public static final class Session {
        private final String id;
        private final String csrfToken;
        private final String user;
        private final Instant openedAt;
        private volatile Instant lastSeen;
        private volatile Instant checkedAt;

        Session(String id, String csrfToken, String user, Instant openedAt) {
            this.id = id;
            this.csrfToken = csrfToken;
            this.user = user;
            this.openedAt = openedAt;
            this.lastSeen = openedAt;
            this.checkedAt = openedAt;
        }

        public String id() {
            return id;
        }

        public String csrfToken() {
            return csrfToken;
        }

        public String user() {
            return user;
        }

        /** Whether {@code token} is this session's CSRF token, compared in constant time. */
        public boolean csrfMatches(String token) {
            return token != null && MessageDigest.isEqual(csrfToken.getBytes(StandardCharsets.UTF_8),
                    token.getBytes(StandardCharsets.UTF_8));
        }

        void touch(Instant now) {
            lastSeen = now;
        }

        boolean expired(Instant now, Duration idle, Duration absolute) {
            return now.isAfter(lastSeen.plus(idle)) || now.isAfter(openedAt.plus(absolute));
        }
    }
}
