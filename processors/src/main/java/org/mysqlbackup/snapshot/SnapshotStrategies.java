package org.mysqlbackup.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The snapshot strategies by name, as {@code snapshot.strategy} names them. */
public final class SnapshotStrategies {
    public static final List<String> NAMES = List.of(ZipStrategy.NAME, CopyStrategy.NAME, ReflinkStrategy.NAME);
    public static final int DEFAULT_COPY_THREADS = 2;
    public static final Duration DEFAULT_REFLINK_TIMEOUT = Duration.ofMinutes(5);

    private SnapshotStrategies() {
    }

    /** {@code name} with the default copier (2 threads) and reflink timeout (5 minutes). */
    public static SnapshotStrategy named(String name, DataDirectoryZipper zipper) {
        return named(name, zipper, new DataDirectoryCopier(DEFAULT_COPY_THREADS), DEFAULT_REFLINK_TIMEOUT);
    }

    /**
     * Deletes the copy a capture left, if any (a backup cancelled or failed between the capture
     * and the packaging).
     *
     * @throws SnapshotException naming the copy if it cannot be deleted
     */
    public static void deleteCopy(Captured captured) {
        WorkFolder.deleteCopy(captured);
    }

    /**
     * Deletes what a snapshot with work files {@code <prefix>.copy/} and {@code <prefix>.zip} left
     * when its process died: the copy, and the zip unless {@code keepZip}.
     *
     * @return the paths deleted
     * @throws SnapshotException naming what cannot be deleted
     */
    public static List<Path> deleteLeftovers(Path prefix, boolean keepZip) {
        Path folder = prefix.toAbsolutePath().getParent();
        String base = prefix.getFileName().toString();
        List<Path> deleted = new ArrayList<>();
        Path copy = SnapshotStrategy.copyPath(folder, base);
        Path zip = SnapshotStrategy.archivePath(folder, base);
        try {
            if (Files.exists(copy, LinkOption.NOFOLLOW_LINKS)) {
                DataDirectoryCopier.deleteTree(copy);
                deleted.add(copy);
            }
            if (!keepZip && Files.deleteIfExists(zip)) {
                deleted.add(zip);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new SnapshotException("cannot delete what the snapshot " + prefix + " left: "
                    + DataDirectoryTree.describe(e), e);
        }
        return deleted;
    }

    /**
     * @param name {@code zip}, {@code copy} or {@code reflink}, in any case
     * @throws IllegalArgumentException naming the choices if {@code name} is none of them
     */
    public static SnapshotStrategy named(String name, DataDirectoryZipper zipper, DataDirectoryCopier copier,
                                         Duration reflinkTimeout) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return switch (key) {
            case ZipStrategy.NAME -> new ZipStrategy(zipper);
            case CopyStrategy.NAME -> new CopyStrategy(copier, zipper);
            case ReflinkStrategy.NAME -> new ReflinkStrategy(copier, zipper, reflinkTimeout);
            default -> throw new IllegalArgumentException("snapshot strategy '" + name + "' is not one of "
                    + String.join(", ", NAMES));
        };
    }
}
