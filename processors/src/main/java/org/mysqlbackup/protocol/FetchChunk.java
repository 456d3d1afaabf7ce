package org.mysqlbackup.protocol;

/**
 * Asks for chunk {@code index} of stored backup {@code backupId}, cut in chunks of
 * {@code chunkSize} (as the {@link FetchReady} said). The server checks again, at every chunk,
 * that the backup is the requesting client's. A FETCH_CHUNK frame (type 14), no payload. Example,
 * chunk 2 of backup 7 in chunks of 1 MiB:
 * <pre>
 * 00 00 00 34  4D 42  01  0E           00 00 00 2C
 * length=52    magic  v1  FETCH_CHUNK  M=44
 * 7B 22 62 61 63 6B 75 70 49 64 22 3A 37 2C 22 69 6E 64 65 78 22 3A 32 2C 22 63 68 75 6E 6B
 * 53 69 7A 65 22 3A 31 30 34 38 35 37 36 7D
 * {"backupId":7,"index":2,"chunkSize":1048576}
 * </pre>
 */
public record FetchChunk(long backupId, int index, int chunkSize) {
}
