package org.mysqlbackup.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.server.alerts.ServerAlert;
import org.mysqlbackup.server.alerts.ServerAlertKind;

class HandshakeRefusalsTest {
    private final List<ServerAlert> alerts = new ArrayList<>();
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-04T02:00:00Z"));
    private final HandshakeRefusals refusals = new HandshakeRefusals(alerts::add, 3, Duration.ofHours(1), clock);

    @Test
    void alertsOnceTheThirdRefusalOfAClientHappensThenAtMostOncePerInterval() {
        refuse("db-1", 2);
        assertThat(alerts).isEmpty();

        refuse("db-1", 1);
        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(ServerAlertKind.HANDSHAKE_REFUSED);
            assertThat(alert.clientId()).isEqualTo("db-1");
            assertThat(alert.reason()).contains("revoked").contains("10.0.0.1:40000");
        });

        refuse("db-1", 50);
        assertThat(alerts).as("rate-limited").hasSize(1);

        clock.set(clock.instant().plus(Duration.ofMinutes(61)));
        refuse("db-1", 2);
        assertThat(alerts).as("the earlier refusals aged out of the window").hasSize(1);
        refuse("db-1", 1);
        assertThat(alerts).as("refusals go on an hour later").hasSize(2);
    }

    @Test
    void refusalsSpreadWiderThanTheIntervalNeverAlert() {
        for (int i = 0; i < 10; i++) {
            refuse("db-1", 1);
            clock.set(clock.instant().plus(Duration.ofMinutes(31)));
        }
        assertThat(alerts).isEmpty();
    }

    @Test
    void clientsAreCountedApartAndThoseWithoutIdByHost() {
        refuse("db-1", 2);
        refuse("db-2", 2);
        assertThat(alerts).isEmpty();

        refusals.refused(null, "10.0.0.9:1", "certificate not trusted");
        refusals.refused(null, "10.0.0.9:2", "certificate not trusted");
        refusals.refused(null, "10.0.0.9:3", "certificate not trusted");
        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.clientId()).isNull();
            assertThat(alert.reason()).contains("a client at 10.0.0.9:3");
        });
    }

    @Test
    void aScanFromManyAddressesDoesNotKeepEveryAddressForever() {
        for (int i = 0; i < 10_050; i++) {
            refusals.refused(null, "10.1." + (i / 250) + "." + (i % 250) + ":1", "no certificate");
        }
        clock.set(clock.instant().plus(Duration.ofHours(2)));
        refuse("db-1", 3);
        assertThat(alerts).as("a real client is still alerted").hasSize(1);
        assertThat(refusals.tracked()).as("the quiet addresses were forgotten").isLessThan(100);
    }

    private void refuse(String clientId, int times) {
        for (int i = 0; i < times; i++) {
            refusals.refused(clientId, "10.0.0.1:40000", "certificate revoked (serial 1f)");
        }
    }
}
