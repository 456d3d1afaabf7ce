package org.mysqlbackup.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevocationListTest {
    @TempDir
    Path dir;

    private CertificateAuthority ca;
    private X509Certificate alice;
    private X509Certificate bob;

    @BeforeEach
    void issue() throws Exception {
        ca = CertificateAuthority.create("test CA", Duration.ofDays(10));
        alice = ca.issueClient("alice", Duration.ofDays(1), dir.resolve("alice.p12"), "pw-alice".toCharArray());
        bob = ca.issueClient("bob", Duration.ofDays(1), dir.resolve("bob.p12"), "pw-bob".toCharArray());
    }

    @Test
    void aMissingListRevokesNothing() {
        RevocationList list = RevocationList.besideTrustStore(dir.resolve("truststore.p12"), List.of(ca.certificate()));
        assertThat(list.file()).isEqualTo(dir.resolve(RevocationList.FILE_NAME));
        assertThat(list.current()).isNull();
        assertThat(list.isRevoked(alice)).isFalse();
    }

    @Test
    void revokedSerialsRoundTripThroughTheSignedList() throws Exception {
        Path file = dir.resolve(RevocationList.FILE_NAME);
        Instant when = Instant.parse("2026-12-01T10:00:00Z");
        ca.writeRevocationList(file, Map.of(alice.getSerialNumber(), when), Duration.ofDays(30));

        assertThat(Files.readString(file)).startsWith("-----BEGIN X509 CRL-----");
        RevocationList list = new RevocationList(file, List.of(ca.certificate()));
        assertThat(list.isRevoked(alice)).isTrue();
        assertThat(list.isRevoked(bob)).isFalse();
        assertThat(list.current().getRevokedCertificate(alice).getRevocationDate().toInstant()).isEqualTo(when);
    }

    @Test
    void aChangedFileIsReadAgain() throws Exception {
        Path file = dir.resolve(RevocationList.FILE_NAME);
        ca.writeRevocationList(file, Map.of(), Duration.ofDays(30));
        RevocationList list = new RevocationList(file, List.of(ca.certificate()));
        assertThat(list.isRevoked(bob)).isFalse();

        ca.writeRevocationList(file, Map.of(bob.getSerialNumber(), Instant.now()), Duration.ofDays(30));

        assertThat(list.isRevoked(bob)).isTrue();
        assertThat(list.isRevoked(alice)).isFalse();
    }

    @Test
    void aListSignedByAnotherCaIsIgnoredAndTheLastGoodOneStays() throws Exception {
        Path file = dir.resolve(RevocationList.FILE_NAME);
        ca.writeRevocationList(file, Map.of(alice.getSerialNumber(), Instant.now()), Duration.ofDays(30));
        RevocationList list = new RevocationList(file, List.of(ca.certificate()));
        assertThat(list.isRevoked(alice)).isTrue();

        CertificateAuthority rogue = CertificateAuthority.create("test CA", Duration.ofDays(10));
        rogue.writeRevocationList(file, Map.of(bob.getSerialNumber(), Instant.now()), Duration.ofDays(30));

        assertThat(list.isRevoked(alice)).as("the last good list stays in force").isTrue();
        assertThat(list.isRevoked(bob)).as("a forged list revokes nothing").isFalse();
    }

    @Test
    void aListSignedByAnotherCaIsNeverTakenEvenFirst() throws Exception {
        Path file = dir.resolve(RevocationList.FILE_NAME);
        CertificateAuthority rogue = CertificateAuthority.create("rogue CA", Duration.ofDays(10));
        rogue.writeRevocationList(file, Map.of(BigInteger.ONE, Instant.now()), Duration.ofDays(30));

        assertThat(new RevocationList(file, List.of(ca.certificate())).current()).isNull();
    }

    @Test
    void issuedCertificatesIndexRoundTripsAndRevokesPerSerial() throws Exception {
        IssuedCertificates index = new IssuedCertificates(dir.resolve(IssuedCertificates.FILE_NAME));
        Instant notAfter = alice.getNotAfter().toInstant();
        index.add(new IssuedCertificates.Entry(alice.getSerialNumber(), "client", "alice", notAfter, null));
        index.add(new IssuedCertificates.Entry(bob.getSerialNumber(), "client", "bob", notAfter, null));
        index.add(new IssuedCertificates.Entry(bob.getSerialNumber(), "client", "bob", notAfter, null));

        Instant now = Instant.parse("2026-12-04T00:00:00Z");
        List<IssuedCertificates.Entry> revoked = index.revokeClient("alice", now);

        assertThat(revoked).extracting(IssuedCertificates.Entry::serial).containsExactly(alice.getSerialNumber());
        assertThat(index.revokeClient("alice", now)).as("nothing left to revoke").isEmpty();
        assertThat(index.entries()).hasSize(2);
        assertThat(index.entries().get(0).revokedAt()).isEqualTo(now);
        assertThat(index.entries().get(0).state(now)).isEqualTo("revoked");
        assertThat(index.entries().get(1).state(now)).isEqualTo("valid");
        assertThat(index.entries().get(1).state(notAfter.plusSeconds(1))).isEqualTo("expired");
    }
}
