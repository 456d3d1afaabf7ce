package org.mysqlbackup.config;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The file a recorded path names, if it is a plain path inside the server's storage root and
 * outside its staging folder, with no symbolic link on the way out of the root: the one rule
 * retention, fetch and verify apply before they touch a stored file.
 */
public final class StoragePath {
    private static final String STAGING = ".staging";

    private final Path root;

    /** @param root the storage root as a real path (no symbolic link in it) */
    public StoragePath(Path root) {
        this.root = root;
    }

    public Optional<Path> resolve(String relative) {
        Path file;
        try {
            file = root.resolve(relative).normalize();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (!file.startsWith(root) || file.equals(root) || root.relativize(file).getName(0).toString().equals(STAGING)) {
            return Optional.empty();
        }
        // a folder on the way may be a symbolic link that leads out of the root
        try {
            if (!file.getParent().toRealPath().startsWith(root)) {
                return Optional.empty();
            }
        } catch (NoSuchFileException e) {
            return Optional.of(file);
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(file);
    }
}
