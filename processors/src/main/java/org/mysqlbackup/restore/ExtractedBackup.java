package org.mysqlbackup.restore;

import java.nio.file.Path;
import org.mysqlbackup.snapshot.BackupManifest;

/**
 * A backup unpacked into place.
 *
 * @param dataDirectory the target, holding exactly the files and folders of the archive
 * @param manifestFile  the archive's manifest as it was in the archive, beside the data directory:
 *                      {@code <target>.backup-manifest.json}
 * @param manifest      that manifest, parsed
 * @param entries       files and folders unpacked (the manifest not counted)
 * @param bytes         bytes of file content written
 */
public record ExtractedBackup(Path dataDirectory, Path manifestFile, BackupManifest manifest, long entries,
                              long bytes) {
}
