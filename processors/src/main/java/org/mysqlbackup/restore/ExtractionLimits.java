package org.mysqlbackup.restore;

/**
 * How much an archive may ask of the disk before {@link ArchiveExtractor} refuses it unread.
 *
 * @param maxEntries entries the archive may hold (files, folders and the manifest); counted from
 *                   the central directory before commons-compress reads it, so a zip of millions of
 *                   empty entries costs neither memory nor disk
 * @param maxBytes   bytes the unpacked files may add up to, as the manifest declares them (the
 *                   free space of the target's file system is checked as well)
 */
public record ExtractionLimits(int maxEntries, long maxBytes) {
    /** A data directory of a million files: more than any MySQL server keeps. */
    public static final int DEFAULT_MAX_ENTRIES = 1_000_000;
    /** 64 TiB: in practice the free space is the limit. */
    public static final long DEFAULT_MAX_BYTES = 64L << 40;

    public ExtractionLimits {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("the entry limit of an archive must be at least 1, not " + maxEntries);
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("the byte limit of an archive must not be negative, not " + maxBytes);
        }
    }

    public static ExtractionLimits defaults() {
        return new ExtractionLimits(DEFAULT_MAX_ENTRIES, DEFAULT_MAX_BYTES);
    }
}
