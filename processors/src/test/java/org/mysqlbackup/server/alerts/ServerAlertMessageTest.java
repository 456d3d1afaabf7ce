package org.mysqlbackup.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.mysqlbackup.alert.AlertSeverity;
import org.junit.jupiter.api.Test;

class ServerAlertMessageTest {
    private static final Instant AT = Instant.parse("2026-12-04T02:00:00Z");

    @Test
    void aRefusedTransferSaysWhoseAndWhere() {
        ServerAlertMessage message = new ServerAlertMessage("backup-1", new ServerAlert(ServerAlertKind.FINALIZE_REFUSED,
                AlertSeverity.CRITICAL, "c1", "main", "checksum mismatch", "send it again"), AT);
        assertThat(message.subject()).isEqualTo(
                "[mysql-backup] CRITICAL on backup-1: transfer from client 'c1' (config 'main') refused at finalize");
        assertThat(message.body()).contains("Client:         c1", "Configuration:  main", "Event:          FINALIZE_REFUSED",
                "Time:           2026-12-04 02:00:00 UTC", "WHAT TO DO NOW\n==============\nsend it again");
        assertThat(message.fields()).containsEntry("kind", "FINALIZE_REFUSED").containsEntry("clientId", "c1")
                .containsEntry("subject", message.subject());
    }

    @Test
    void noLineBreakReachesTheSubjectAndNoSecretTheBody() {
        ServerAlertMessage message = new ServerAlertMessage("backup-1", new ServerAlert(ServerAlertKind.STORAGE_FULL,
                AlertSeverity.CRITICAL, "evil\r\nBcc: x@y", null, "password=hunter2 leaked", "act"), AT);
        assertThat(message.subject()).doesNotContain("\n", "\r")
                .isEqualTo("[mysql-backup] CRITICAL on backup-1: storage full, refused client 'evil Bcc: x@y'");
        assertThat(message.body()).doesNotContain("hunter2");
        ServerAlertMessage serverWide = new ServerAlertMessage("backup-1", new ServerAlert(
                ServerAlertKind.CERTIFICATE_EXPIRING, AlertSeverity.FAILURE, null, null,
                "the CA (CN=mysql-backup CA) expires on 2027-01-01T00:00:00Z, in 28 days", "a"), AT);
        assertThat(serverWide.subject()).isEqualTo("[mysql-backup] FAILURE on backup-1: the CA (CN=mysql-backup CA)"
                + " expires on 2027-01-01T00:00:00Z, in 28 days");
        assertThat(serverWide.body()).contains("Client:         (none)");
    }

    @Test
    void anIdenticalAlertIsHeldBackUntilTheQuietPeriodEnds() {
        RepeatedAlerts repeats = new RepeatedAlerts(Duration.ofHours(1), 100);
        ServerAlert full = new ServerAlert(ServerAlertKind.STORAGE_FULL, AlertSeverity.CRITICAL, "c1", "main", "full",
                "a");
        ServerAlert other = new ServerAlert(ServerAlertKind.FINALIZE_REFUSED, AlertSeverity.CRITICAL, "c1", "main",
                "transfer t2", "a");
        assertThat(repeats.firstIn(full, AT)).isTrue();
        assertThat(repeats.firstIn(full, AT.plusSeconds(60))).isFalse();
        assertThat(repeats.firstIn(other, AT.plusSeconds(60))).isTrue();
        assertThat(repeats.firstIn(full, AT.plusSeconds(3600))).isTrue();
    }
}
