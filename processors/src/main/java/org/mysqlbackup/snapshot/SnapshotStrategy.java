package org.mysqlbackup.snapshot;

import java.nio.file.Path;

/**
 * How the data directory of a stopped MySQL becomes a zip, in two phases around the restart:
 * {@link #capture} runs while MySQL is proven down and is all the downtime a snapshot costs;
 * {@link #pack} runs once MySQL serves again and leaves the finished zip. {@code zip} does all the
 * work while MySQL is down; {@code copy} and {@code reflink} only copy (or clone) the files then,
 * and zip the copy afterwards.
 *
 * <p>Files in the work folder: the zip is {@code <baseName>.zip}, a copy {@code <baseName>.copy/}.
 * Neither may exist before the capture. Whatever a failing phase created is deleted before its
 * exception leaves; {@link #discard} removes what a successful capture left if the backup is
 * abandoned before {@link #pack}.
 */
public interface SnapshotStrategy {

    /** {@code zip}, {@code copy} or {@code reflink}. */
    String name();

    /**
     * Takes the data directory's content while MySQL is down.
     *
     * @param workDirectory existing folder, outside the data directory, for the copy and the zip
     * @param baseName      file name of the zip without {@code .zip}
     * @param trailer       entries appended after the last file (the manifest), asked for when the zip is
     *                      written: during the capture for {@code zip}, during {@link #pack} otherwise
     * @throws SnapshotException naming what could not be read, written or checked
     */
    default Captured capture(Path dataDirectory, Path workDirectory, String baseName, TrailingEntries trailer) {
        return capture(dataDirectory, workDirectory, baseName, trailer, Checkpoint.none());
    }

    /**
     * As {@link #capture(Path, Path, String, TrailingEntries)}, asking {@code checkpoint} between
     * files and between megabytes; when it throws, the partial copy or zip is deleted and its
     * exception leaves unchanged.
     */
    Captured capture(Path dataDirectory, Path workDirectory, String baseName, TrailingEntries trailer,
                     Checkpoint checkpoint);

    /** As {@link #capture(Path, Path, String, TrailingEntries)} without trailing entries. */
    default Captured capture(Path dataDirectory, Path workDirectory, String baseName) {
        return capture(dataDirectory, workDirectory, baseName, TrailingEntries.none());
    }

    /**
     * Produces the zip {@link Captured#archive()} from what {@link #capture} took, then deletes the
     * copy, if any, whether the zip could be written or not.
     */
    default SnapshotResult pack(Captured captured) {
        return pack(captured, Checkpoint.none());
    }

    /** As {@link #pack(Captured)}, asking {@code checkpoint} as the zip is written. */
    SnapshotResult pack(Captured captured, Checkpoint checkpoint);

    /**
     * Deletes what a capture left when it will not be packed: the copy, or the zip the {@code zip}
     * strategy wrote. A zip returned by {@link #pack} belongs to the caller.
     */
    default void discard(Captured captured) {
        WorkFolder.discard(captured);
    }

    /** The zip a capture with this base name produces. */
    static Path archivePath(Path workDirectory, String baseName) {
        return workDirectory.resolve(baseName + ".zip");
    }

    /** The folder a copy or clone with this base name goes to. */
    static Path copyPath(Path workDirectory, String baseName) {
        return workDirectory.resolve(baseName + ".copy");
    }
}
