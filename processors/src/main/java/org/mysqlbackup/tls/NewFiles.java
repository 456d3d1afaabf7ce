package org.mysqlbackup.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Writes files that must not exist yet. Never replacing a file means re-running a command cannot
 * destroy a CA or a key someone depends on; creating with the final permissions in the same
 * system call (O_CREAT|O_EXCL with a mode) leaves no moment in which a key file is readable by
 * others.
 */
final class NewFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY =
            PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> WORLD_READABLE =
            PosixFilePermissions.fromString("rw-r--r--");

    private NewFiles() {
    }

    /**
     * Creates {@code target} readable by its owner only (where the file system is POSIX).
     *
     * @throws java.nio.file.FileAlreadyExistsException if it exists; it is left untouched
     */
    static void writeOwnerOnly(Path target, byte[] content) throws IOException {
        write(target, content, OWNER_ONLY);
    }

    /** Creates {@code target} for public material such as certificates; the umask still applies. */
    static void writeWorldReadable(Path target, byte[] content) throws IOException {
        write(target, content, WORLD_READABLE);
    }

    private static void write(Path target, byte[] content, Set<PosixFilePermission> permissions)
            throws IOException {
        Set<StandardOpenOption> options =
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        // Opened outside the try: if the file already existed it is not ours to delete.
        FileChannel channel = FileChannel.open(target, options, attributes(target, permissions));
        try (channel) {
            writeFully(channel, content);
            // A user told "keystore written" may delete the old one; make that true on a crash.
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            // Runs after close, so deleting also works where open files cannot be deleted.
            deleteQuietly(target, e);
            throw e;
        }
    }

    private static void deleteQuietly(Path partial, Exception cause) {
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private static void writeFully(FileChannel channel, byte[] content) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static FileAttribute<?>[] attributes(
            Path target, Set<PosixFilePermission> permissions) {
        // On Windows the new file inherits the directory's ACL; there is no mode to pass.
        if (!target.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)};
    }
}
