package org.mysqlbackup.tls;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a certificate expires soon enough to warn about: when its not-after date is
 * at most {@code warningDays} days away, or already past.
 */
public final class CertificateExpiry {
    private final int warningDays;

    /** @param warningDays how many days ahead to warn, at least 1 */
    public CertificateExpiry(int warningDays) {
        if (warningDays < 1) {
            throw new IllegalArgumentException("tls.expiry-warning-days must be at least 1");
        }
        this.warningDays = warningDays;
    }

    /** A certificate that needs attention. */
    public record Expiring(String label, String subject, Instant notAfter, long daysLeft) {
        public boolean expired() {
            return daysLeft < 0;
        }

        /** E.g. {@code the CA (CN=mysql-backup CA) expires on 2027-01-01T00:00:00Z, in 12 days}. */
        public String describe() {
            return label + " (" + subject + ") " + (expired() ? "expired on " + notAfter
                    : "expires on " + notAfter + ", in " + daysLeft + (daysLeft == 1 ? " day" : " days"));
        }
    }

    /** Those of {@code certificates} (by label, e.g. {@code the CA}) that need attention, in their order. */
    public List<Expiring> check(Map<String, X509Certificate> certificates, Instant now) {
        return certificates.entrySet().stream()
                .flatMap(entry -> check(entry.getKey(), entry.getValue(), now).stream())
                .toList();
    }

    public Optional<Expiring> check(String label, X509Certificate certificate, Instant now) {
        return check(label, certificate.getSubjectX500Principal().getName(), certificate.getNotAfter().toInstant(),
                now);
    }

    public Optional<Expiring> check(String label, String subject, Instant notAfter, Instant now) {
        if (notAfter.isAfter(now.plus(Duration.ofDays(warningDays)))) {
            return Optional.empty();
        }
        Duration left = Duration.between(now, notAfter);
        // whole days left, rounded down; -1 and below once it is past
        long days = left.isNegative() ? -1 - Duration.between(notAfter, now).toDays() : left.toDays();
        return Optional.of(new Expiring(label, subject, notAfter, days));
    }
}
