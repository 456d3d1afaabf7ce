package org.mysqlbackup.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clones the data directory copy-on-write while MySQL is down (Btrfs, XFS with reflink, ZFS 2.2,
 * APFS): only metadata is written, so the downtime hardly depends on the size of the data. The
 * clone is GNU {@code cp --reflink=always}, which issues the FICLONE ioctl the JVM cannot; it runs
 * with a timeout. Where the filesystem cannot clone (ext4, or the work folder on another
 * filesystem), the partial clone is deleted and the data directory is copied instead
 * ({@link CopyStrategy}), with the reason logged and kept in {@link Captured#note()}. After the
 * restart, the clone is zipped and deleted like a copy.
 */
public final class ReflinkStrategy implements SnapshotStrategy {
    public static final String NAME = "reflink";
    static final List<String> CLONE_COMMAND = List.of("cp", "--reflink=always", "-R", "-L",
            "--preserve=mode,timestamps", "--no-target-directory");
    private static final Logger LOG = LoggerFactory.getLogger(ReflinkStrategy.class);

    private final DataDirectoryCopier copier;
    private final DataDirectoryZipper zipper;
    private final Duration timeout;
    private final List<String> cloneCommand;

    /** @param timeout longest the clone may take; past it the clone is killed and the capture fails */
    public ReflinkStrategy(DataDirectoryCopier copier, DataDirectoryZipper zipper, Duration timeout) {
        this(copier, zipper, timeout, CLONE_COMMAND);
    }

    /** @param cloneCommand the command to which the source and the target folder are appended (tests) */
    ReflinkStrategy(DataDirectoryCopier copier, DataDirectoryZipper zipper, Duration timeout, List<String> cloneCommand) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("reflink timeout " + timeout + " is not positive");
        }
        this.copier = copier;
        this.zipper = zipper;
        this.timeout = timeout;
        this.cloneCommand = List.copyOf(cloneCommand);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Captured capture(Path dataDirectory, Path workDirectory, String baseName, TrailingEntries trailer,
                            Checkpoint checkpoint) {
        WorkFolder.requireOutside(dataDirectory, workDirectory);
        // listing first finds dangling links and loops before anything is written
        DataDirectoryTree tree = DataDirectoryTree.list(dataDirectory);
        Path clone = SnapshotStrategy.copyPath(workDirectory, baseName);
        Path archive = SnapshotStrategy.archivePath(workDirectory, baseName);
        if (Files.exists(clone, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new SnapshotException("cannot clone " + dataDirectory + " to " + clone + ": it already exists");
        }
        String failure = cloneOrExplain(tree, clone, checkpoint);
        if (failure == null) {
            return new Captured(NAME, NAME, dataDirectory, archive, clone, null, tree.files(), tree.bytes(), null, trailer);
        }
        String note = "reflink clone not possible (" + failure + "); copied instead";
        LOG.warn("Cannot clone {} into {} copy-on-write ({}); copying it instead, which takes longer",
                dataDirectory, workDirectory, failure);
        copier.copy(tree, clone, checkpoint);
        return new Captured(NAME, CopyStrategy.NAME, dataDirectory, archive, clone, null, tree.files(), tree.bytes(), note,
                trailer);
    }

    /**
     * Clones the tree into {@code clone}.
     *
     * @return null once cloned, or why the filesystem would not clone (nothing is left behind)
     * @throws SnapshotException when the clone times out, or does not match the data directory
     */
    private String cloneOrExplain(DataDirectoryTree tree, Path clone, Checkpoint checkpoint) {
        List<String> command = new ArrayList<>(cloneCommand);
        command.add(tree.root().toString());
        command.add(clone.toString());
        CopyCommand.Outcome outcome;
        try {
            outcome = CopyCommand.run(command, timeout, checkpoint);
        } catch (RuntimeException | Error e) {
            DataDirectoryCopier.deleteTree(clone, e);
            throw e;
        } catch (InterruptedException e) {
            DataDirectoryCopier.deleteTree(clone, e);
            Thread.currentThread().interrupt();
            throw new SnapshotException("interrupted while cloning " + tree.root(), e);
        }
        if (outcome.timedOut()) {
            SnapshotException timedOut = new SnapshotException("cloning " + tree.root() + " into " + clone
                    + " did not finish within " + timeout.toMillis() + " ms; the clone was stopped and deleted");
            DataDirectoryCopier.deleteTree(clone, timedOut);
            throw timedOut;
        }
        if (!outcome.succeeded()) {
            try {
                DataDirectoryCopier.deleteTree(clone);
            } catch (IOException e) {
                throw new SnapshotException("cannot delete the partial clone " + clone + ": " + DataDirectoryTree.describe(e), e);
            }
            return outcome.reason(cloneCommand);
        }
        DataDirectoryCopier.requireSameContent(tree, clone, "the clone");
        return null;
    }

    @Override
    public SnapshotResult pack(Captured captured, Checkpoint checkpoint) {
        return WorkFolder.zipCopy(zipper, captured, checkpoint);
    }
}
