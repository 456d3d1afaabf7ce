package org.mysqlbackup.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class CertificateExpiryTest {
    private static final Instant NOW = Instant.parse("2026-12-04T02:00:00Z");
    private final CertificateExpiry expiry = new CertificateExpiry(30);

    @Test
    void warnsFromThirtyDaysBeforeOn() {
        assertThat(expiry.check("the CA", "CN=ca", NOW.plus(Duration.ofDays(30)).plusSeconds(1), NOW)).isEmpty();
        assertThat(expiry.check("the CA", "CN=ca", NOW.plus(Duration.ofDays(30)), NOW)).get()
                .satisfies(e -> {
                    assertThat(e.daysLeft()).isEqualTo(30);
                    assertThat(e.describe()).isEqualTo("the CA (CN=ca) expires on 2027-01-03T02:00:00Z, in 30 days");
                });
        assertThat(expiry.check("the CA", "CN=ca", NOW.plus(Duration.ofHours(25)), NOW)).get()
                .extracting(CertificateExpiry.Expiring::describe).asString().endsWith("in 1 day");
    }

    @Test
    void saysWhenItHasExpired() {
        Optional<CertificateExpiry.Expiring> expired = expiry.check("this client's certificate", "CN=db-1",
                NOW.minusSeconds(1), NOW);
        assertThat(expired).get().satisfies(e -> {
            assertThat(e.expired()).isTrue();
            assertThat(e.describe()).contains("expired on");
        });
    }

    @Test
    void refusesAWarningPeriodBelowOneDay() {
        assertThatThrownBy(() -> new CertificateExpiry(0)).hasMessageContaining("tls.expiry-warning-days");
    }

    /** A warning comes exactly when the not-after date is at most the warning period away. */
    @Property(tries = 500, seed = "11")
    void warnsExactlyWithinTheWarningPeriod(@ForAll @IntRange(min = 1, max = 3650) int warningDays,
            @ForAll @LongRange(min = -400L * 86400, max = 4000L * 86400) long secondsLeft) {
        Instant notAfter = NOW.plusSeconds(secondsLeft);
        Optional<CertificateExpiry.Expiring> warning = new CertificateExpiry(warningDays)
                .check("the CA", "CN=ca", notAfter, NOW);

        assertThat(warning.isPresent()).isEqualTo(secondsLeft <= warningDays * 86400L);
        warning.ifPresent(w -> {
            assertThat(w.expired()).isEqualTo(secondsLeft < 0);
            assertThat(w.daysLeft()).isLessThanOrEqualTo(warningDays);
            if (secondsLeft >= 0) {
                assertThat(w.daysLeft()).isEqualTo(secondsLeft / 86400);
            }
        });
    }
}
