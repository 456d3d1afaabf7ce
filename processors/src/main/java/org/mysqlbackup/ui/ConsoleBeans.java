package org.mysqlbackup.ui;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.spi.Registry;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.config.TlsSettings;

/**
 * Wires what both consoles share, when {@code ui.enabled} is set: the guard in front of every
 * console route, users, sessions, the login rate limit, static assets, error answers, the header
 * filter, and HTTPS with the side's own certificate when {@code ui.tls} is set. The routes that
 * use these beans are the YAML files under {@code routes-<side>/console/}.
 */
public final class ConsoleBeans {
    private ConsoleBeans() {
    }

    /** A bean the side's app bound, which its console reuses; its absence is a wiring error, said so. */
    public static <T> T required(CamelContext context, String name, Class<T> type) {
        T bean = context.getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("the console needs the bean '" + name + "' (" + type.getSimpleName()
                    + "), which the app did not bind");
        }
        return bean;
    }

    /** @param side {@code client} or {@code server}: which pages are served */
    public static void bind(CamelContext context, Settings settings, DataSource db, String side, Clock clock) {
        Registry registry = context.getRegistry();
        ConsoleUsers users = new ConsoleUsers(db, new PasswordHasher(), clock);
        ConsoleSessions sessions = new ConsoleSessions(clock, users::exists,
                Duration.ofMinutes(settings.integer("ui.session-idle-minutes", 30, 1, 24 * 60)),
                Duration.ofHours(settings.integer("ui.session-max-hours", 12, 1, 24 * 30)));
        LoginThrottle throttle = new LoginThrottle(clock, settings.integer("ui.login-free-attempts", 5, 1, 100),
                Duration.ofSeconds(1), Duration.ofMinutes(15));
        boolean tls = settings.bool("ui.tls", false);
        registry.bind("consoleSessions", sessions);
        registry.bind("consoleLogin", new LoginCall(users, sessions,
                throttle, tls, side));
        registry.bind("consoleAssets", new StaticAssets(side));
        registry.bind("consoleErrorReply", new ConsoleErrorReply());

        VertxPlatformHttpEngine engine = new VertxPlatformHttpEngine();
        List<Handler<RoutingContext>> handlers = List.of(new ConsoleGuard(sessions));
        engine.setHandlers(handlers);
        registry.bind("platform-http-engine", engine);
        context.getComponent("platform-http", PlatformHttpComponent.class)
                .setHeaderFilterStrategy(new ConsoleHeaderFilter());
        if (tls) {
            context.setSSLContextParameters(TlsSettings.fromSettings(settings).camelParameters(false));
        }
    }
}
