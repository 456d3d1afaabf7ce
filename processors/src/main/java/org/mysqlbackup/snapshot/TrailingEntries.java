package org.mysqlbackup.snapshot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entries appended to a snapshot archive after the last file of the data directory (the backup
 * manifest). They are asked for only then, so they can describe what was archived and how long it
 * took. Names are relative, forward slashes; they may not repeat a name of the data directory.
 */
@FunctionalInterface
public interface TrailingEntries {

    /**
     * @param method how the data directory was captured ({@code zip}, {@code copy}, {@code reflink})
     * @param files  the regular files archived, in archive order
     * @return entry name to content, in the order they are to be written
     */
    Map<String, byte[]> entries(String method, List<ArchivedFile> files);

    static TrailingEntries none() {
        return (method, files) -> Map.of();
    }

    /** Fixed entries, known before the snapshot starts. */
    static TrailingEntries of(Map<String, byte[]> entries) {
        Map<String, byte[]> copy = new LinkedHashMap<>(entries);
        return (method, files) -> copy;
    }
}
