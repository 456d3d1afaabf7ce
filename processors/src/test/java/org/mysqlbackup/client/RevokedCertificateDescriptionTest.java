package org.mysqlbackup.client;

import static org.assertj.core.api.Assertions.assertThat;

import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class RevokedCertificateDescriptionTest {
    @Test
    void aRevokedCertificateIsNamedAsSuchWhicheverTlsLibraryReportsIt() {
        for (String message : new String[] {
                "error:10000414:SSL routines:OPENSSL_internal:SSLV3_ALERT_CERTIFICATE_REVOKED",
                "Received fatal alert: certificate_revoked"}) {
            String described = BackupFailureRecorder.describe(new RuntimeException("send failed",
                    new SSLHandshakeException(message)));
            assertThat(described).startsWith("the server refused this client's certificate: it has been revoked")
                    .contains(message).contains("backup-server certs client --id ID");
        }
    }

    @Test
    void otherTlsFailuresKeepTheirText() {
        assertThat(BackupFailureRecorder.describe(new SSLHandshakeException("Received fatal alert: unknown_ca")))
                .startsWith("TLS with the server failed (Received fatal alert: unknown_ca); check that");
    }
}
