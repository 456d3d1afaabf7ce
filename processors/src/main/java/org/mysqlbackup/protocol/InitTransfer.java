package org.mysqlbackup.protocol;

/**
 * Opens a transfer, or resumes it when the server already knows {@code transferId}.
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
 */
public record InitTransfer(String transferId, String configName, String fileName, long fileSize, int chunkSize,
                           String sha256, String md5, long createdAtMs, String database) {
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
