package org.mysqlbackup.snapshot;

import java.nio.file.Files;
import java.nio.file.Path;

/** Zips the data directory while MySQL is down; nothing is left to do after the restart. */
public final class ZipStrategy implements SnapshotStrategy {
    public static final String NAME = "zip";

    private final DataDirectoryZipper zipper;

    public ZipStrategy(DataDirectoryZipper zipper) {
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
        Path archive = SnapshotStrategy.archivePath(workDirectory, baseName);
        SnapshotResult zipped = zipper.zip(tree, archive, trailer, NAME, checkpoint);
        return new Captured(NAME, NAME, dataDirectory, archive, null, zipped, zipped.files(), zipped.sourceBytes(), null,
                trailer);
    }

    @Override
    public SnapshotResult pack(Captured captured, Checkpoint checkpoint) {
        if (captured.zipped() == null || !Files.isRegularFile(captured.archive())) {
            throw new SnapshotException("no zip to package: " + captured.archive() + " was not captured or is gone");
        }
        return captured.zipped();
    }
}
