package org.mysqlbackup.transfer;

/**
 * How a file of {@code fileSize} bytes splits into chunks of {@code chunkSize}: every chunk is
 * full but the last, and an empty file has no chunks. Both sides compute offsets and lengths from
 * here, so a header whose offset or length disagrees is refused instead of trusted.
 */
public record ChunkLayout(long fileSize, int chunkSize) {

    public ChunkLayout {
        if (fileSize < 0) {
            throw new IllegalArgumentException("file size " + fileSize + " is negative");
        }
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunk size " + chunkSize + " is not positive");
        }
        if (chunks(fileSize, chunkSize) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("file of " + fileSize + " bytes needs too many chunks of " + chunkSize);
        }
    }

    public int chunkCount() {
        return (int) chunks(fileSize, chunkSize);
    }

    /** Rounds up without {@code fileSize + chunkSize - 1}, which overflows for a hostile size near Long.MAX_VALUE. */
    private static long chunks(long fileSize, int chunkSize) {
        return fileSize / chunkSize + (fileSize % chunkSize == 0 ? 0 : 1);
    }

    public long offset(int index) {
        checkIndex(index);
        return (long) index * chunkSize;
    }

    public int length(int index) {
        checkIndex(index);
        return (int) Math.min(chunkSize, fileSize - offset(index));
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= chunkCount()) {
            throw new IndexOutOfBoundsException("chunk " + index + " outside 0.." + (chunkCount() - 1));
        }
    }
}
