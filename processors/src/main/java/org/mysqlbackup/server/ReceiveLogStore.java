package org.mysqlbackup.server;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.Times;
import org.mysqlbackup.protocol.InitTransfer;

/**
 * {@code BackupLogs} of the server (one row per transfer, from INIT to Completed or Failed) and
 * {@code ReceivedChunks}, the chunks an open transfer holds, which let a restarted server resume.
 */
public class ReceiveLogStore {
    private static final String COLUMNS = "Id, TransferId, ClientId, ConfigName, StartTime, EndTime, Status, FileName,"
            + " FilePath, FileSize, ChunkSize, Sha256, Md5, ErrorMessage, CreatedAtMs, UpdatedAt, DatabaseName";

    private final Sql sql;
    private final Clock clock;

    public ReceiveLogStore(DataSource dataSource, Clock clock) {
        this.sql = new Sql(dataSource, "server database");
        this.clock = clock;
    }

    public long started(String clientId, InitTransfer init) {
        String now = Times.format(clock.instant());
        return sql.insert("INSERT INTO BackupLogs (TransferId, ClientId, ConfigName, StartTime, Status, FileSize, ChunkSize,"
                        + " Sha256, Md5, CreatedAtMs, UpdatedAt, DatabaseName)"
                        + " VALUES (?, ?, ?, ?, 'Transferring', ?, ?, ?, ?, ?, ?, ?)",
                init.transferId(), clientId, init.configName(), now, init.fileSize(), init.chunkSize(), init.sha256(),
                init.md5(), init.createdAtMs(), now, init.database());
    }

    /** A failed transfer opened again by its client: it starts over, with no chunk held. */
    public void restarted(long id) {
        sql.update("UPDATE BackupLogs SET Status = 'Transferring', EndTime = NULL, ErrorMessage = NULL, UpdatedAt = ?"
                + " WHERE Id = ?", Times.format(clock.instant()), id);
    }

    public void status(long id, String status) {
        sql.update("UPDATE BackupLogs SET Status = ? WHERE Id = ?", status, id);
    }

    public void completed(long id, String fileName, String filePath) {
        sql.update("UPDATE BackupLogs SET Status = 'Completed', EndTime = ?, FileName = ?, FilePath = ?,"
                + " ErrorMessage = NULL WHERE Id = ?", Times.format(clock.instant()), fileName, filePath, id);
    }

    public void failed(long id, String reason) {
        sql.update("UPDATE BackupLogs SET Status = 'Failed', EndTime = ?, ErrorMessage = ? WHERE Id = ?",
                Times.format(clock.instant()), reason, id);
    }

    public void chunkReceived(String transferId, int index) {
        sql.update("INSERT OR IGNORE INTO ReceivedChunks (TransferId, ChunkIndex, ReceivedAt) VALUES (?, ?, ?)",
                transferId, index, Times.format(clock.instant()));
    }

    public BitSet receivedChunks(String transferId) {
        BitSet held = new BitSet();
        sql.query("SELECT ChunkIndex FROM ReceivedChunks WHERE TransferId = ?", rs -> rs.getInt(1), transferId)
                .forEach(held::set);
        return held;
    }

    /** Resume data is deleted once a transfer is stored, rejected or expired. */
    public void forgetChunks(String transferId) {
        sql.update("DELETE FROM ReceivedChunks WHERE TransferId = ?", transferId);
    }

    /** Open transfers (Transferring or Verifying) that received nothing since {@code before}. */
    public List<ReceiveLogRow> idleSince(Instant before) {
        return sql.query("SELECT " + COLUMNS + " FROM BackupLogs b WHERE Status IN ('Transferring', 'Verifying') AND"
                + " COALESCE((SELECT MAX(ReceivedAt) FROM ReceivedChunks r WHERE r.TransferId = b.TransferId),"
                + " UpdatedAt, StartTime) < ?", ReceiveLogStore::row, Times.format(before));
    }

    public Optional<ReceiveLogRow> byTransferId(String transferId) {
        return sql.query("SELECT " + COLUMNS + " FROM BackupLogs WHERE TransferId = ?", ReceiveLogStore::row, transferId)
                .stream().findFirst();
    }

    public List<ReceiveLogRow> recent(int limit) {
        return sql.query("SELECT " + COLUMNS + " FROM BackupLogs ORDER BY Id DESC LIMIT ?", ReceiveLogStore::row, limit);
    }

    private static ReceiveLogRow row(ResultSet rs) throws SQLException {
        return new ReceiveLogRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getLong(10), rs.getInt(11),
                rs.getString(12), rs.getString(13), rs.getString(14), Sql.nullableLong(rs, 15), rs.getString(16),
                rs.getString(17));
    }
}
