package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.client.BackupSummary;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.BackupServerFixture;
import org.mysqlbackup.testing.Hashes;
import org.mysqlbackup.testing.RandomFiles;
import org.mysqlbackup.testing.TestCertificates;
import org.mysqlbackup.testing.TestPaths;

/**
 * The server files backups under its directory pattern and names them with its file name pattern,
 * as configured: the same file shipped twice lands twice, side by side, under the next sequence
 * number, and neither overwrites the other.
 */
class StorageLayoutIT {

    @Test
    void backupsAreFiledByClientConfigurationAndYearWithSequenceNumbers() throws Exception {
        Path work = TestPaths.scratch(StorageLayoutIT.class);
        TestCertificates certs = TestCertificates.create(work.resolve("certs"));
        Path file = RandomFiles.create(work.resolve("backup.zip"), 300_000, 7);
        try (BackupServerFixture server = BackupServerFixture.start(work, certs, Map.of(
                "storage.directory-pattern", "{client}/{config}/{yyyy}",
                "storage.file-name-pattern", "{server}-{config}-{seq}.zip",
                "storage.server-name", "vault"))) {
            BackupClientFixture client = new BackupClientFixture(work.resolve("client"), server.port(),
                    certs.properties(certs.client("db-host-7")));

            BackupSummary first = client.send(file);
            BackupSummary second = client.send(file);

            assertThat(first.status()).as(first.toString()).isEqualTo("Completed");
            assertThat(second.status()).as(second.toString()).isEqualTo("Completed");
            assertThat(first.path()).matches("db-host-7/it/\\d{4}/vault-it-1\\.zip");
            assertThat(second.path()).isEqualTo(first.path().replace("vault-it-1.zip", "vault-it-2.zip"));
            for (BackupSummary summary : new BackupSummary[] {first, second}) {
                Path stored = server.storageRoot().resolve(summary.path());
                assertThat(Files.size(stored)).isEqualTo(Files.size(file));
                assertThat(Hashes.sha256(stored)).isEqualTo(Hashes.sha256(file));
            }
            assertThat(server.storedFiles()).hasSize(2);
        }
    }
}
