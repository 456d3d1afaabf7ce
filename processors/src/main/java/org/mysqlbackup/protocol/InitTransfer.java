package org.mysqlbackup.protocol;

/**
 * Opens a transfer, or resumes it when the server already knows {@code transferId}.
 *
 * <p>An INIT frame is the header of {@link FrameDecoder} (type INIT = 1, no payload) and this
 * record as JSON metadata. {@code expectedIntervalMs} came later; a field an older peer does not
 * know is ignored ({@link MessageCodec}) and one it does not send reads as null, so old clients
 * and old servers keep working both ways. Example: the metadata of an older client's INIT ends
 * <pre>
 * ... 22 64 61 74 61 62 61 73 65 22 3A 22 64 62 31 22 7D                 ..."database":"db1"}
 * </pre>
 * and that of a client with a daily schedule (86 400 000 ms) adds 30 bytes before the brace, so
 * both the frame's length and its metaLen grow by 30 (0x1E):
 * <pre>
 * ... 22 64 62 31 22 2C 22 65 78 70 65 63 74 65 64 49 6E 74 65 72 76 61 6C 4D 73 22 3A
 *     38 36 34 30 30 30 30 30 7D                         ..."db1","expectedIntervalMs":86400000}
 * </pre>
 * The decoder caps the metadata at {@link FrameLayout#MAX_METADATA_BYTES}; the server refuses an
 * interval outside {@link #MIN_EXPECTED_INTERVAL_MS}..{@link #MAX_EXPECTED_INTERVAL_MS} other than
 * {@link #NO_SCHEDULE}.
 *
 * @param transferId   client-chosen unique id; also the resume token
 * @param configName   backup configuration that produced the file
 * @param fileName     suggested base name; the server sanitizes it and applies its naming pattern
 * @param fileSize     exact size in bytes
 * @param chunkSize    size of every chunk but the last
 * @param sha256       hex SHA-256 of the whole file
 * @param md5          hex MD5 of the whole file
 * @param createdAtMs  when the snapshot was taken, epoch milliseconds
 * @param database     the MySQL instance the file is a backup of (the client's mysql.instance-name),
 *                     for the server's {database} naming token; null from older clients and for
 *                     files sent with no instance behind them
 * @param expectedIntervalMs the longest gap between two runs of the configuration's enabled
 *                     schedules, for the server's overdue check; {@link #NO_SCHEDULE} when it has
 *                     none enabled (the server stops expecting backups of it); null from older
 *                     clients and when the client could not tell (the server keeps what it knew)
 */
public record InitTransfer(String transferId, String configName, String fileName, long fileSize, int chunkSize,
                           String sha256, String md5, long createdAtMs, String database,
                           Long expectedIntervalMs) {
    /** Sent for a configuration with no enabled schedule: nothing is due. */
    public static final long NO_SCHEDULE = 0;
    /** One second: shorter intervals are no schedule, only tests use them. */
    public static final long MIN_EXPECTED_INTERVAL_MS = 1000;
    /** 400 days: a yearly schedule fits, an overflowing number does not. */
    public static final long MAX_EXPECTED_INTERVAL_MS = 400L * 24 * 3600 * 1000;

    /** An INIT that sends no expected interval. */
    public InitTransfer(String transferId, String configName, String fileName, long fileSize, int chunkSize,
                        String sha256, String md5, long createdAtMs, String database) {
        this(transferId, configName, fileName, fileSize, chunkSize, sha256, md5, createdAtMs, database, null);
    }

    /** An INIT that names no instance. */
    public InitTransfer(String transferId, String configName, String fileName, long fileSize, int chunkSize,
                        String sha256, String md5, long createdAtMs) {
        this(transferId, configName, fileName, fileSize, chunkSize, sha256, md5, createdAtMs, null);
    }

    /** What {database} stands for: the instance, or the configuration when the client named none. */
    public String databaseOrConfig() {
        return database == null || database.isBlank() ? configName : database;
    }
}
