package org.mysqlbackup.protocol;

/**
 * Asks the server for the requesting client's stored backups (Completed, not deleted), oldest
 * first, one page of at most {@link BackupList#MAX_PAGE} at a time: the list of a client with
 * years of backups never has to fit in one frame's metadata.
 *
 * <p>A LIST_QUERY frame (type 10) is the header of {@link FrameDecoder}, this record as JSON
 * metadata and no payload. Example, the first page of configuration {@code db1}:
 * <pre>
 * 00 00 00 28  4D 42  01  0A          00 00 00 20
 * length=40    magic  v1  LIST_QUERY  M=32
 * 7B 22 63 6F 6E 66 69 67 4E 61 6D 65 22 3A 22 64 62 31 22 2C 22 61 66 74 65 72 49 64 22 3A 30 7D
 * {"configName":"db1","afterId":0}
 * </pre>
 * The next page asks again with {@code afterId} the last id of the page before.
 *
 * @param configName only this configuration's backups; null for all of the client's
 * @param afterId    only backups with a larger id (0 for the first page)
 */
public record ListQuery(String configName, long afterId) {
}
