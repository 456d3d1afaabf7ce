package org.mysqlbackup.protocol;

/**
 * One stored backup in a {@link BackupList} or a {@link FetchReady}. Text fields are cut to
 * {@link #MAX_TEXT} characters by the server, so a page of {@link BackupList#MAX_PAGE} always fits
 * in a frame's metadata ({@link FrameLayout#MAX_METADATA_BYTES}).
 *
 * @param id          the server's id of the backup (BackupLogs.Id), what a fetch selects
 * @param clientId    the client it belongs to (always the requesting client)
 * @param createdAtMs snapshot time, epoch milliseconds
 * @param size        bytes of the stored file
 * @param sha256      hex SHA-256 of the stored file, recorded when it was finalized
 * @param fileName    the name the file has on the server
 * @param verifyState the last verify's result, null when never verified (or the server does not verify)
 * @param drillState  the last restorability drill's result, null when never drilled
 */
public record ListedBackup(long id, String clientId, String configName, long createdAtMs, long size, String sha256,
                           String fileName, String verifyState, String drillState) {
    /** Longest text field a server sends (a verify reason may be long; the log has all of it). */
    public static final int MAX_TEXT = 200;

    /** {@code text} cut to {@link #MAX_TEXT} characters. */
    public static String cut(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 3) + "...";
    }
}
