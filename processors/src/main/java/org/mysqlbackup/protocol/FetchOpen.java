package org.mysqlbackup.protocol;

/**
 * Selects one of the requesting client's stored backups for download. Exactly one way of
 * selecting: {@code backupId}; or the newest of {@code configName} (any configuration when null);
 * or, with {@code atMs}, the newest whose snapshot was taken at or before that time. The server
 * answers with {@link FetchReady}, or an ERROR {@link ErrorCode#NO_SUCH_BACKUP}: the same answer
 * for a backup that does not exist and for one of another client, which is never revealed.
 *
 * <p>A FETCH_OPEN frame (type 12), no payload. Example, backup 7 by id, at most 4 MiB chunks:
 * <pre>
 * 00 00 00 4B  4D 42  01  0C          00 00 00 43
 * length=75    magic  v1  FETCH_OPEN  M=67
 * 7B 22 62 61 63 6B 75 70 49 64 22 3A 37 2C 22 63 6F 6E 66 69 67 4E 61 6D 65 22 3A 6E 75 6C
 * 6C 2C 22 61 74 4D 73 22 3A 6E 75 6C 6C 2C 22 6D 61 78 43 68 75 6E 6B 53 69 7A 65 22 3A 34
 * 31 39 34 33 30 34 7D
 * {"backupId":7,"configName":null,"atMs":null,"maxChunkSize":4194304}
 * </pre>
 *
 * @param maxChunkSize the largest chunk this client takes (its frame decoder's cap is set from
 *                     it); the server cuts the file in chunks of at most that size
 */
public record FetchOpen(Long backupId, String configName, Long atMs, int maxChunkSize) {
    public static FetchOpen byId(long backupId, int maxChunkSize) {
        return new FetchOpen(backupId, null, null, maxChunkSize);
    }

    public static FetchOpen latest(String configName, int maxChunkSize) {
        return new FetchOpen(null, configName, null, maxChunkSize);
    }

    public static FetchOpen at(String configName, long atMs, int maxChunkSize) {
        return new FetchOpen(null, configName, atMs, maxChunkSize);
    }
}
