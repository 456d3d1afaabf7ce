package org.mysqlbackup.restore;

/**
 * Told while an archive is unpacked: bytes of file content written so far and the total the
 * manifest declares. Called after every buffer (up to 1 MiB); a listener throttles its own output.
 */
@FunctionalInterface
public interface ExtractionProgress {
    void bytes(long done, long total);

    ExtractionProgress NONE = (done, total) -> { };
}
