package org.mysqlbackup.ui;

import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;

/**
 * The console's one gate, run by the HTTP engine before every console route (the REST routes of
 * the YAML files included, so a route an operator adds is guarded too). A request passes when it
 * carries a live session cookie and, unless it only reads (GET, HEAD), that session's CSRF token in
 * {@code X-CSRF-Token}. Only the login page, its script, style and icon and the login call itself
 * ({@code POST /api/login}) are open. The user's name reaches the routes in the {@value #USER_HEADER} header, replacing any the
 * request brought. Every answer also gets the headers that keep a page from being framed, sniffed
 * or cached.
 */
public class ConsoleGuard implements Handler<RoutingContext> {
    public static final String COOKIE = "mb_console";
    public static final String USER_HEADER = "UiUser";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<String> OPEN = Set.of("/ui/login.html", "/ui/login.js", "/ui/console.css",
            "/ui/favicon.png");
    private static final String LOGIN = "/api/login";

    private final ConsoleSessions sessions;

    public ConsoleGuard(ConsoleSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        secureHeaders(response);
        request.headers().remove(USER_HEADER);
        if (request.params().contains(USER_HEADER)) {
            // platform-http turns query parameters into headers too: the guard's header is its alone
            answer(response, 400, "{\"error\":\"" + USER_HEADER + " is not a parameter of any console call\"}");
            return;
        }
        String path = ctx.normalizedPath();
        if (OPEN.contains(path) || LOGIN.equals(path) && HttpMethod.POST.equals(request.method())) {
            ctx.next();
            return;
        }
        Cookie cookie = request.getCookie(COOKIE);
        Optional<ConsoleSessions.Session> session = sessions.find(cookie == null ? null : cookie.getValue());
        if (session.isEmpty()) {
            refuseAnonymous(ctx, path);
            return;
        }
        if (!readsOnly(request.method()) && !session.get().csrfMatches(request.getHeader(CSRF_HEADER))) {
            answer(response, 403, "{\"error\":\"missing or wrong " + CSRF_HEADER + " header: reload the page\"}");
            return;
        }
        request.headers().set(USER_HEADER, session.get().user());
        ctx.next();
    }

    private static void refuseAnonymous(RoutingContext ctx, String path) {
        if (path.startsWith("/api/")) {
            answer(ctx.response(), 401, "{\"error\":\"login required\"}");
        } else {
            ctx.response().setStatusCode(302).putHeader("Location", "/ui/login.html").end();
        }
    }

    private static boolean readsOnly(HttpMethod method) {
        return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
    }

    private static void answer(HttpServerResponse response, int status, String json) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(json);
    }

    private static void secureHeaders(HttpServerResponse response) {
        response.putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cache-Control", "no-store")
                .putHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
                        + "frame-ancestors 'none'; form-action 'self'");
    }
}
