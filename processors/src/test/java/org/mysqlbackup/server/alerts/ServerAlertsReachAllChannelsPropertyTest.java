package org.mysqlbackup.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.mysqlbackup.alert.AlertChannel;
import org.mysqlbackup.alert.AlertMessage;
import org.mysqlbackup.alert.AlertNotifier;
import org.mysqlbackup.alert.AlertSeverity;

/**
 * Seed property 21 on the server: whatever the alerts (kind, client, configuration) and however
 * many channels fail a few times first, every configured channel that works within its attempts
 * gets every distinct critical alert exactly once, worded as a server alert; a channel that never
 * works keeps none from the others.
 */
class ServerAlertsReachAllChannelsPropertyTest {

    /** Fails its first {@code failures} attempts, then records each message. */
    private static final class Channel implements AlertChannel {
        private final String name;
        private final int failures;
        private final AtomicInteger attempts = new AtomicInteger();
        private final List<AlertMessage> delivered = new ArrayList<>();

        Channel(String name, int failures) {
            this.name = name;
            this.failures = failures;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void send(AlertMessage alert) {
            if (attempts.incrementAndGet() <= failures) {
                throw new IllegalStateException(name + " is down");
            }
            delivered.add(alert);
        }
    }

    @Property(tries = 200, seed = "20261204")
    void everyChannelGetsEveryCriticalServerAlert(@ForAll("alerts") List<ServerAlert> alerts,
                                                  @ForAll @Size(min = 1, max = 4) List<@IntRange(max = 3) Integer> failures,
                                                  @ForAll boolean onlyCritical) {
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < failures.size(); i++) {
            // 3 = never works within the notifier's 2 attempts below
            channels.add(new Channel("channel-" + i, failures.get(i) == 3 ? Integer.MAX_VALUE : Math.min(failures.get(i), 1)));
        }
        AlertNotifier notifier = new AlertNotifier(List.copyOf(channels),
                onlyCritical ? AlertSeverity.CRITICAL : AlertSeverity.FAILURE, 2, Duration.ZERO);
        ChannelServerAlerts server = new ChannelServerAlerts(notifier, "backup-1",
                new RepeatedAlerts(Duration.ofHours(1), 1000), Clock.fixed(Instant.parse("2026-12-04T02:00:00Z"),
                ZoneOffset.UTC), Runnable::run);
        List<ServerAlert> distinct = alerts.stream().distinct().toList();
        distinct.forEach(server::raise);
        alerts.forEach(server::raise); // the same alerts again: held back, not sent twice

        List<String> expected = distinct.stream()
                .filter(a -> !onlyCritical || a.severity() == AlertSeverity.CRITICAL)
                .map(a -> new ServerAlertMessage("backup-1", a, Instant.EPOCH).subject()).toList();
        for (Channel channel : channels) {
            List<String> got = channel.delivered.stream().map(AlertMessage::subject).toList();
            if (channel.failures == Integer.MAX_VALUE) {
                assertThat(got).isEmpty();
            } else {
                assertThat(got).as(channel.name).containsExactlyElementsOf(expected);
            }
        }
    }

    @Provide
    Arbitrary<List<ServerAlert>> alerts() {
        Arbitrary<String> names = Arbitraries.of("c1", "web-1", "db-2");
        return net.jqwik.api.Combinators.combine(Arbitraries.of(ServerAlertKind.values()),
                        Arbitraries.of(AlertSeverity.values()), names.injectNull(0.2), names.injectNull(0.2),
                        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12))
                .as((kind, severity, client, config, reason) -> new ServerAlert(kind, severity, client, config, reason,
                        "act")).list().ofMinSize(1).ofMaxSize(6);
    }
}
