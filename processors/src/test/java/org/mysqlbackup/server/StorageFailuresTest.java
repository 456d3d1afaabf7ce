package org.mysqlbackup.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqlbackup.alert.AlertSeverity;
import org.mysqlbackup.protocol.ErrorCode;
import org.mysqlbackup.protocol.ProtocolException;
import org.mysqlbackup.server.alerts.ServerAlert;
import org.mysqlbackup.server.alerts.ServerAlertKind;

class StorageFailuresTest {
    @TempDir
    Path temp;

    private final List<ServerAlert> raised = new ArrayList<>();

    private StorageFailures failures(Duration interval) {
        return new StorageFailures(new StorageLayout(temp.resolve("storage")), 1L << 30, raised::add,
                Clock.systemUTC(), interval);
    }

    @Test
    void noSpaceIsToldToTheClientWithFreeAndNeededBytesAndNoPath() {
        Path staging = temp.resolve("storage/.staging/abcdefgh.part");
        ProtocolException refusal = failures(Duration.ZERO).refusal(
                new IOException("No space left on device"), "chunk 30", 4L << 20, staging, "db1", "nightly");

        assertThat(refusal.code()).isEqualTo(ErrorCode.NO_SPACE);
        assertThat(refusal.getMessage()).matches("the server's storage is full: [0-9.]+ [KMGT]?i?B free, 4\\.0 MiB "
                + "chunk 30 plus the 1\\.0 GiB reserve needed; its operators were alerted")
                .doesNotContain(temp.toString());
        assertThat(raised).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(ServerAlertKind.STORAGE_FULL);
            assertThat(alert.severity()).isEqualTo(AlertSeverity.CRITICAL);
            assertThat(alert.clientId()).isEqualTo("db1");
            assertThat(alert.configName()).isEqualTo("nightly");
        });
    }

    @Test
    void noSpaceIsRecognisedInAFileSystemExceptionsReasonAndInACause() {
        assertThat(StorageFailures.isNoSpace(new FileSystemException("/x", null, "No space left on device"))).isTrue();
        assertThat(StorageFailures.isNoSpace(new IOException("write failed", new IOException("Disk quota exceeded"))))
                .isTrue();
        assertThat(StorageFailures.isNoSpace(new AccessDeniedException("/x"))).isFalse();
        assertThat(StorageFailures.isNoSpace(new IOException("Read-only file system"))).isFalse();
    }

    @Test
    void aPermissionProblemIsUnwritableNotFullAndTheClientSeesNoPath() {
        Path staging = temp.resolve("storage/.staging/abcdefgh.part");
        ProtocolException refusal = failures(Duration.ZERO).refusal(
                new AccessDeniedException(staging.toString()), "chunk 3", 1 << 20, staging, "db1", "nightly");

        assertThat(refusal.getMessage()).contains("cannot write chunk 3", "permission denied")
                .doesNotContain(temp.toString());
        assertThat(raised).singleElement().extracting(ServerAlert::kind).isEqualTo(ServerAlertKind.STORAGE_UNWRITABLE);
    }

    @Test
    void theOperatingSystemsReasonIsNamedWithoutThePath() {
        Path staging = temp.resolve("storage/.staging/abcdefgh.part");
        assertThat(failures(Duration.ZERO).refusal(new FileSystemException(staging.toString(), null,
                "Operation not permitted"), "chunk 1", 1, staging, "db1", "nightly").getMessage())
                .contains("(operation not permitted)").doesNotContain(temp.toString());
        assertThat(failures(Duration.ZERO).refusal(new FileSystemException(staging.toString(), null,
                "Read-only file system"), "chunk 1", 1, staging, "db1", "nightly").getMessage())
                .contains("(read-only file system)");
        assertThat(failures(Duration.ZERO).refusal(new IOException("Input/output error"), "chunk 1", 1, staging,
                "db1", "nightly").getMessage()).contains("(I/O error)");
    }

    @Test
    void aTransferRefusedBeforeAnyByteForWantOfRoomIsAStorageFullAlertToo() {
        failures(Duration.ZERO).noRoom(10L << 20, 2L << 30, "db1", null, "at its pre-flight");

        assertThat(raised).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(ServerAlertKind.STORAGE_FULL);
            assertThat(alert.severity()).isEqualTo(AlertSeverity.CRITICAL);
            assertThat(alert.reason()).isEqualTo("the server's storage is full: 10.0 MiB free, 2.0 GiB backup plus "
                    + "the 1.0 GiB reserve needed (at its pre-flight)");
        });
    }

    @Test
    void chunkAfterChunkFailingRaisesOneAlertPerInterval() {
        StorageFailures failures = failures(Duration.ofMinutes(10));
        for (int i = 0; i < 5; i++) {
            failures.refusal(new IOException("No space left on device"), "chunk " + i, 1 << 20, temp, "db1", "c");
        }
        failures.refusal(new IOException("Read-only file system"), "chunk 9", 1 << 20, temp, "db1", "c");

        assertThat(raised).extracting(ServerAlert::kind)
                .containsExactly(ServerAlertKind.STORAGE_FULL, ServerAlertKind.STORAGE_UNWRITABLE);
    }
}
