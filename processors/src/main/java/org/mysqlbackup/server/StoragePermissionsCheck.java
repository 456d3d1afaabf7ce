package org.mysqlbackup.server;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start-up, finds stored files and folders (the root included) that users other than the
 * service user can read, write or enter: backups written before they were created private, or
 * copied in by hand. It reports them in one WARN line with the command that fixes them; it changes
 * nothing itself, since an operator may have opened a folder to a group on purpose.
 */
public class StoragePermissionsCheck {
    private static final Logger LOG = LoggerFactory.getLogger(StoragePermissionsCheck.class);
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final int EXAMPLES = 3;

    private final Path root;

    public StoragePermissionsCheck(Path root) {
        this.root = root;
    }

    /** What was found: the counts and the first few paths. */
    public record Finding(int files, int folders, List<Path> examples) {
        public boolean isEmpty() {
            return files == 0 && folders == 0;
        }
    }

    /** Walks the storage tree and logs the WARN line if anything is open to other users. */
    public Finding run() {
        Finding finding = scan();
        if (!finding.isEmpty()) {
            LOG.warn("storage: {} files and {} folders readable by other users (e.g. {}); chmod -R go-rwx {}",
                    finding.files(), finding.folders(), String.join(", ",
                            finding.examples().stream().map(Path::toString).toList()), root);
        }
        return finding;
    }

    Finding scan() {
        if (Files.getFileAttributeView(root, PosixFileAttributeView.class) == null) {
            return new Finding(0, 0, List.of());
        }
        int[] counts = new int[2];
        List<Path> examples = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    check(dir, 1);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile()) {
                        check(file, 0);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    LOG.warn("storage: cannot check the permissions of {}: {}", file, e.getMessage());
                    return FileVisitResult.CONTINUE;
                }

                private void check(Path path, int kind) throws IOException {
                    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
                    if (permissions.stream().anyMatch(OTHERS::contains)) {
                        counts[kind]++;
                        if (examples.size() < EXAMPLES) {
                            examples.add(path);
                        }
                    }
                }
            });
        } catch (IOException e) {
            LOG.warn("storage: cannot check the permissions under {}: {}", root, e.getMessage());
        }
        return new Finding(counts[0], counts[1], List.copyOf(examples));
    }
}
