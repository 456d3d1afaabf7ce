package org.mysqlbackup.snapshot;

import java.nio.file.Path;

/**
 * Copies the data directory into the work folder while MySQL is down (about the time of
 * {@code cp -r}), and zips the copy once MySQL serves again, deleting the copy afterwards. The work
 * folder needs room for the data directory and the zip at once.
 */
public final class CopyStrategy implements SnapshotStrategy {
    public static final String NAME = "copy";

    private final DataDirectoryCopier copier;
    private final DataDirectoryZipper zipper;

    public CopyStrategy(DataDirectoryCopier copier, DataDirectoryZipper zipper) {
        this.copier = copier;
        this.zipper = zipper;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Captured capture(Path dataDirectory, Path workDirectory, String baseName, TrailingEntries trailer,
                            Checkpoint checkpoint) {
        WorkFolder.requireOutside(dataDirectory, workDirectory);
        DataDirectoryTree tree = DataDirectoryTree.list(dataDirectory);
        Path copy = SnapshotStrategy.copyPath(workDirectory, baseName);
        copier.copy(tree, copy, checkpoint);
        return new Captured(NAME, NAME, dataDirectory, SnapshotStrategy.archivePath(workDirectory, baseName), copy, null,
                tree.files(), tree.bytes(), null, trailer);
    }

    @Override
    public SnapshotResult pack(Captured captured, Checkpoint checkpoint) {
        return WorkFolder.zipCopy(zipper, captured, checkpoint);
    }
}
