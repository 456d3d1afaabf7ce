package org.mysqlbackup.drill;

import java.io.IOException;
import java.nio.file.Path;
import org.mysqlbackup.snapshot.BackupManifest;

/** Unpacks a backup zip for the drill (the restore's safe extractor, see {@link ExtractorUnpacker}). */
@FunctionalInterface
public interface Unpacker {
    /** Where the data directory landed and the manifest it was checked against. */
    record Unpacked(Path dataDirectory, BackupManifest manifest) {
    }

    /**
     * @param target an empty folder to unpack into
     * @throws IOException when the archive cannot be read or is refused (the message says why)
     */
    Unpacked unpack(Path zip, Path target) throws IOException;
}
