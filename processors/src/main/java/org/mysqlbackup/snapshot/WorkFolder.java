package org.mysqlbackup.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Checks and clean-up of the work folder shared by the strategies. */
final class WorkFolder {
    private static final Logger LOG = LoggerFactory.getLogger(WorkFolder.class);

    private WorkFolder() {
    }

    /**
     * Refuses a work folder inside the data directory: a copy there would copy itself, and MySQL
     * would find a stray database folder on its next start.
     */
    static void requireOutside(Path dataDirectory, Path workDirectory) {
        Path data;
        Path work;
        try {
            data = dataDirectory.toRealPath();
        } catch (IOException e) {
            throw new SnapshotException("data directory " + dataDirectory + " is not readable: " + DataDirectoryTree.describe(e), e);
        }
        try {
            work = workDirectory.toRealPath();
        } catch (IOException e) {
            throw new SnapshotException("work folder " + workDirectory + " is not usable: " + DataDirectoryTree.describe(e), e);
        }
        if (!Files.isDirectory(work)) {
            throw new SnapshotException("work folder " + workDirectory + " is not a directory");
        }
        if (work.startsWith(data)) {
            throw new SnapshotException("work folder " + workDirectory + " is inside the data directory " + dataDirectory
                    + "; the snapshot must go elsewhere");
        }
    }

    /** Zips the copy of a capture into its archive and deletes the copy, whatever the outcome. */
    static SnapshotResult zipCopy(DataDirectoryZipper zipper, Captured captured, Checkpoint checkpoint) {
        Path copy = captured.copy();
        if (copy == null || !Files.isDirectory(copy)) {
            throw new SnapshotException("no copy to package: " + copy + " was not captured or is gone");
        }
        SnapshotResult result;
        try {
            result = zipper.zip(DataDirectoryTree.list(copy), captured.archive(), captured.trailer(), captured.method(),
                    checkpoint);
        } catch (RuntimeException | Error e) {
            DataDirectoryCopier.deleteTree(copy, e);
            throw e;
        }
        try {
            DataDirectoryCopier.deleteTree(copy);
        } catch (IOException | RuntimeException e) {
            // the zip is complete; a leftover copy costs room, not the backup
            LOG.warn("Zipped {} but could not delete the copy {}: {}", captured.archive().getFileName(), copy,
                    DataDirectoryTree.describe(e));
        }
        return result;
    }

    /** Deletes the copy a capture left, if any. @throws SnapshotException naming the copy if it cannot be deleted */
    static void deleteCopy(Captured captured) {
        if (captured.copy() != null) {
            try {
                DataDirectoryCopier.deleteTree(captured.copy());
            } catch (IOException e) {
                throw new SnapshotException("cannot delete " + captured.copy() + ": " + DataDirectoryTree.describe(e), e);
            }
        }
    }

    static void discard(Captured captured) {
        SnapshotException failure = null;
        try {
            deleteCopy(captured);
        } catch (SnapshotException e) {
            failure = e;
        }
        try {
            if (captured.zipped() != null) {
                Files.deleteIfExists(captured.archive());
            }
        } catch (IOException e) {
            SnapshotException archive = new SnapshotException("cannot delete " + captured.archive() + ": "
                    + DataDirectoryTree.describe(e), e);
            if (failure == null) {
                failure = archive;
            } else {
                failure.addSuppressed(archive);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
