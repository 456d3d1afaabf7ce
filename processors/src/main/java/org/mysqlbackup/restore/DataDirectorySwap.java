package org.mysqlbackup.restore;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Puts a restored data directory in the place of another by renames only, never a copy and never
 * a delete: what was there goes aside to {@code <target>.before-restore-<time>} (with its manifest
 * file, if it has one), the restored folder (and its manifest) takes its name. Renames within one
 * folder are atomic, so at any moment the target is either the old directory or the new one.
 */
public final class DataDirectorySwap {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private DataDirectorySwap() {
    }

    /** {@code <target>.<label>-<UTC time>}, with {@code -2}, {@code -3}... when that exists already. */
    public static Path sibling(Path target, String label, Instant at) {
        Path absolute = target.toAbsolutePath().normalize();
        String base = absolute.getFileName() + "." + label + "-" + STAMP.format(at);
        Path candidate = absolute.resolveSibling(base);
        for (int n = 2; Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)
                || Files.exists(ArchiveExtractor.manifestFileOf(candidate), LinkOption.NOFOLLOW_LINKS); n++) {
            candidate = absolute.resolveSibling(base + "-" + n);
        }
        return candidate;
    }

    /** True when {@code folder} does not exist or is an empty folder. */
    public static boolean missingOrEmpty(Path folder) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(folder)) {
            return !children.iterator().hasNext();
        }
    }

    /** Why {@code target} cannot be renamed within its parent (it is a mount point), or null when it can. */
    public static String cannotRename(Path target) throws IOException {
        Path parent = target.toAbsolutePath().normalize().getParent();
        if (Files.exists(target) && !Files.getFileStore(target).equals(Files.getFileStore(parent))) {
            return target + " is a mount point: it cannot be renamed aside; restore into a new folder and switch"
                    + " the mount by hand";
        }
        return null;
    }

    /** Moves {@code target} (if it exists) aside to {@code aside}, then {@code staged} to {@code target}. */
    public static void swapIn(Path staged, Path target, Path aside) throws IOException {
        boolean movedAside = false;
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            rename(target, aside);
            movedAside = true;
            renameIfExists(ArchiveExtractor.manifestFileOf(target), ArchiveExtractor.manifestFileOf(aside));
        }
        try {
            rename(staged, target);
        } catch (IOException e) {
            if (movedAside) {
                rename(aside, target);
                renameIfExists(ArchiveExtractor.manifestFileOf(aside), ArchiveExtractor.manifestFileOf(target));
            }
            throw e;
        }
        renameIfExists(ArchiveExtractor.manifestFileOf(staged), ArchiveExtractor.manifestFileOf(target));
        ArchiveExtractor.syncDirectory(target.toAbsolutePath().getParent());
    }

    /** Undoes {@link #swapIn}: {@code target} goes to {@code failed}, {@code aside} comes back. */
    public static void swapBack(Path target, Path aside, Path failed) throws IOException {
        rename(target, failed);
        renameIfExists(ArchiveExtractor.manifestFileOf(target), ArchiveExtractor.manifestFileOf(failed));
        rename(aside, target);
        renameIfExists(ArchiveExtractor.manifestFileOf(aside), ArchiveExtractor.manifestFileOf(target));
        ArchiveExtractor.syncDirectory(target.toAbsolutePath().getParent());
    }

    private static void renameIfExists(Path from, Path to) throws IOException {
        if (Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
            rename(from, to);
        }
    }

    private static void rename(Path from, Path to) throws IOException {
        if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("cannot move " + from + " to " + to + ": it exists");
        }
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + from + " to " + to + " atomically (another file system?)", e);
        }
    }
}
