package org.mysqlbackup.protocol;

/**
 * The server's answer to {@link FetchOpen}: the backup selected and how it is cut. Chunk
 * {@code i} covers bytes {@code i * chunkSize} up to the next chunk or the end of the file; the
 * client asks for each with {@link FetchChunk} and may ask for them in any order, several at once,
 * and on another connection or after a restart of either side (the server keeps no state between
 * requests). A FETCH_READY frame (type 13), no payload; the metadata (shortened):
 * <pre>
 * {"backup":{"id":7,"clientId":"db-host-1","configName":"db1",...},"chunkSize":4194304,"chunkCount":3}
 * </pre>
 */
public record FetchReady(ListedBackup backup, int chunkSize, int chunkCount) {
    /**
     * @throws ProtocolException unless the numbers describe the file: positive chunk size within
     *                           {@code maxChunkSize}, and exactly enough chunks for its size
     */
    public FetchReady requireValid(int maxChunkSize) {
        if (backup == null || backup.size() < 0 || chunkSize <= 0 || chunkSize > maxChunkSize
                || chunkCount != chunkCount(backup.size(), chunkSize)) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "FETCH_READY does not describe a file: " + this
                    + " (chunks of at most " + maxChunkSize + " bytes)");
        }
        return this;
    }

    /** Chunks of {@code chunkSize} needed for {@code size} bytes; an empty file has none. */
    public static int chunkCount(long size, int chunkSize) {
        long count = (size + chunkSize - 1) / chunkSize;
        if (count > Integer.MAX_VALUE) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, size + " bytes in chunks of " + chunkSize
                    + " are too many chunks");
        }
        return (int) count;
    }
}
