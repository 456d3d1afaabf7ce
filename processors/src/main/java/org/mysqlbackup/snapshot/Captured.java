package org.mysqlbackup.snapshot;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@link SnapshotStrategy#capture} took while MySQL was down.
 *
 * @param strategy      the strategy asked for
 * @param method        what was done: {@code zip}, {@code copy} or {@code reflink}; differs from
 *                      {@code strategy} when a reflink fell back to a copy
 * @param dataDirectory the data directory captured
 * @param archive       the zip: written already by {@code zip}, by {@link SnapshotStrategy#pack} otherwise
 * @param copy          the copy or clone of the data directory, or null for {@code zip}
 * @param zipped        the finished zip for {@code zip}, or null
 * @param files         regular files captured
 * @param bytes         their total size
 * @param note          why the method differs from the strategy, or null
 * @param trailer       the trailing entries {@code pack} writes
 */
public record Captured(String strategy, String method, Path dataDirectory, Path archive, Path copy,
                       SnapshotResult zipped, int files, long bytes, String note, TrailingEntries trailer) {

    public Optional<Path> copyDirectory() {
        return Optional.ofNullable(copy);
    }

    public Optional<String> fallbackReason() {
        return Optional.ofNullable(note);
    }
}
