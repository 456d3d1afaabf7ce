package org.mysqlbackup.transfer;

import org.mysqlbackup.protocol.FrameLayout;

/**
 * What the server accepts from a client.
 *
 * @param maxFileSize  largest file a transfer may announce
 * @param maxChunkSize largest chunk; the frame decoder's cap is derived from it
 * @param reserveBytes free space the storage must keep after a new file is counted
 */
public record TransferLimits(long maxFileSize, int maxChunkSize, long reserveBytes) {
    public static final int MIN_CHUNK_SIZE = 64 * 1024;
    public static final int MAX_CHUNK_SIZE = 256 * 1024 * 1024;

    public TransferLimits {
        if (maxChunkSize < MIN_CHUNK_SIZE || maxChunkSize > MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException("maximum chunk size " + maxChunkSize + " outside " + MIN_CHUNK_SIZE + ".."
                    + MAX_CHUNK_SIZE);
        }
    }

    /** The largest CHUNK frame: a full chunk plus header and the largest metadata, length prefix included. */
    public int maxFrameBytes() {
        return maxChunkSize + FrameLayout.LENGTH_FIELD_BYTES + FrameLayout.HEADER_BYTES + FrameLayout.MAX_METADATA_BYTES;
    }
}
