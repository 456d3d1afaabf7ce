package org.mysqlbackup.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqlbackup.db.SchemaMigrator;
import org.mysqlbackup.db.SqliteDatabase;
import org.mysqlbackup.protocol.InitTransfer;
import org.mysqlbackup.transfer.ChunkLayout;

/** A revoked client's open transfers are closed in memory; the staging file and resume data stay. */
class IncomingTransfersCloseClientTest {
    private static final int CHUNK = 65536;

    @TempDir
    Path dir;

    @Test
    void closesOnlyThatClientsTransfersAndLetsThemResume() throws Exception {
        DataSource db = SqliteDatabase.open(dir.resolve("server.db"), Duration.ofSeconds(10));
        new SchemaMigrator(db, Path.of("..", "config", "schema", "server")).migrate();
        StorageLayout storage = new StorageLayout(dir.resolve("storage"));
        try (IncomingTransfers transfers = new IncomingTransfers(storage, new ReceiveLogStore(db, Clock.systemUTC()),
                0, Runnable::run, new StorageFailures(storage, 0, alert -> { }, Clock.systemUTC(), Duration.ZERO))) {
            byte[] data = new byte[3 * CHUNK];
            Arrays.fill(data, (byte) 7);
            InitTransfer revokedInit = init("transfer-revoked", data);
            IncomingTransfer revoked = transfers.open("db-revoked", revokedInit).transfer();
            ChunkLayout layout = revoked.layout();
            revoked.write(0, Arrays.copyOfRange(data, 0, layout.length(0)));
            transfers.chunkStored(revoked, 0);
            IncomingTransfer other = transfers.open("db-good", init("transfer-good", data)).transfer();

            assertThat(transfers.closeClient("db-revoked")).containsExactly("transfer-revoked");

            assertThat(transfers.size()).isEqualTo(1);
            assertThat(transfers.get("db-good", "transfer-good")).isSameAs(other);
            assertThat(storage.stagingFile("transfer-revoked")).exists();
            assertThat(Files.size(storage.stagingFile("transfer-revoked"))).isPositive();
            IncomingTransfers.Opened resumed = transfers.open("db-revoked", revokedInit);
            assertThat(resumed.transfer()).isNotSameAs(revoked);
            assertThat(resumed.held().cardinality()).as("the chunk held before is kept").isEqualTo(1);
            assertThat(transfers.closeClient("nobody")).isEmpty();
        } finally {
            ((AutoCloseable) db).close();
        }
    }

    private static InitTransfer init(String id, byte[] data) {
        return new InitTransfer(id, "nightly", "Data.zip", data.length, CHUNK, "0".repeat(64), "0".repeat(32),
                1_700_000_000_000L);
    }
}
