package org.mysqlbackup.ui;

import io.vertx.core.http.Cookie;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/login} with {@code {"user": ..., "password": ...}}: checks the password against
 * {@link ConsoleUsers}, opens a session and answers with its CSRF token and a session cookie
 * (HttpOnly, SameSite=Strict, Secure over HTTPS). Refusals say nothing about which half was wrong;
 * a name or address that failed too often gets 429 with {@code Retry-After} and its password is
 * not even checked. {@code DELETE /api/login} logs out; {@code GET /api/session} tells the page who
 * is logged in and its CSRF token.
 */
public class LoginCall {
    private static final Logger LOG = LoggerFactory.getLogger(LoginCall.class);

    private final ConsoleUsers users;
    private final ConsoleSessions sessions;
    private final LoginThrottle throttle;
    private final boolean secureCookie;
    private final String side;

    public LoginCall(ConsoleUsers users, ConsoleSessions sessions, LoginThrottle throttle, boolean secureCookie,
                     String side) {
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
        this.secureCookie = secureCookie;
        this.side = side;
    }

    public void login(Exchange exchange) {
        Message in = exchange.getMessage();
        Map<?, ?> body = in.getBody(Map.class);
        String user = body == null ? null : text(body.get("user"));
        String password = body == null ? null : text(body.get("password"));
        String address = remoteHost(in);
        if (user == null || user.isBlank() || password == null) {
            reply(in, 400, Map.of("error", "give a user name and a password"));
            return;
        }
        Duration wait = longest(throttle.waitFor("user:" + user), throttle.waitFor("address:" + address));
        if (!wait.isZero()) {
            in.setHeader("Retry-After", Long.toString(Math.max(1, wait.toSeconds())));
            reply(in, 429, Map.of("error", "too many failed logins: try again in " + Math.max(1, wait.toSeconds())
                    + " s"));
            return;
        }
        Optional<String> name = users.authenticate(user, password.toCharArray());
        if (name.isEmpty()) {
            throttle.failed("user:" + user);
            throttle.failed("address:" + address);
            LOG.warn("Console login refused for user '{}' from {}", printable(user), address);
            reply(in, 401, Map.of("error", "wrong user name or password"));
            return;
        }
        throttle.succeeded("user:" + user);
        throttle.succeeded("address:" + address);
        ConsoleSessions.Session session = sessions.open(name.get());
        LOG.info("Console login of user '{}' from {}", name.get(), address);
        in.setHeader("Set-Cookie", ConsoleGuard.COOKIE + "=" + session.id() + "; Path=/; HttpOnly; SameSite=Strict"
                + "; Max-Age=" + sessions.idleTimeout().toSeconds() + (secureCookie ? "; Secure" : ""));
        reply(in, 200, Map.of("user", session.user(), "csrfToken", session.csrfToken(), "side", side));
    }

    public void logout(Exchange exchange) {
        Message in = exchange.getMessage();
        sessions.close(cookie(in));
        in.setHeader("Set-Cookie", ConsoleGuard.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
                + (secureCookie ? "; Secure" : ""));
        reply(in, 200, Map.of("loggedOut", true));
    }

    /** Who is logged in, and the CSRF token the page sends back. Behind the guard: a session exists. */
    public void session(Exchange exchange) {
        Message in = exchange.getMessage();
        ConsoleSessions.Session session = sessions.find(cookie(in)).orElseThrow(
                () -> new IllegalStateException("no session behind the console guard"));
        // the name as every route sees it (the guard's header), which is the session's
        reply(in, 200, Map.of("user", in.getHeader(ConsoleGuard.USER_HEADER, String.class), "csrfToken",
                session.csrfToken(), "side", side,
                "idleTimeoutSeconds", sessions.idleTimeout().toSeconds()));
    }

    /** The session cookie of the request, as the guard read it. */
    private static String cookie(Message in) {
        if (!(in instanceof HttpMessage http)) {
            return null;
        }
        Cookie cookie = http.getRequest().getCookie(ConsoleGuard.COOKIE);
        return cookie == null ? null : cookie.getValue();
    }

    private static void reply(Message in, int status, Map<String, Object> body) {
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        in.setBody(body);
    }

    private static String remoteHost(Message in) {
        Object address = in.getHeader("CamelVertxPlatformHttpRemoteAddress");
        if (address instanceof SocketAddress socket) {
            return socket.hostAddress() != null ? socket.hostAddress() : socket.host();
        }
        return String.valueOf(address);
    }

    private static Duration longest(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String text(Object value) {
        return value instanceof String s ? s : null;
    }

    /** A user name as typed can hold anything; the log gets at most 64 plain characters of it. */
    private static String printable(String user) {
        String cleaned = user.replaceAll("[^A-Za-z0-9._@-]", "?");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) + "..." : cleaned;
    }
}
