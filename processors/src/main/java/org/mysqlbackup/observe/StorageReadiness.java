package org.mysqlbackup.observe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Ready while a file can be created in the storage root (and is removed again): a root that is
 * gone, read-only or full keeps the server from storing anything.
 */
public final class StorageReadiness extends ReadinessCheck {
    private final Path root;

    public StorageReadiness(Path root) {
        super("storage");
        this.root = root;
    }

    @Override
    protected String problem() {
        if (!Files.isDirectory(root)) {
            return "the storage root " + root + " is not there";
        }
        Path probe = null;
        try {
            probe = Files.createTempFile(root, ".ready-", ".probe");
            return null;
        } catch (IOException e) {
            return "the storage root " + root + " is not writable: " + e.getMessage();
        } finally {
            if (probe != null) {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException ignored) {
                    // a probe left behind is harmless; the next one has its own name
                }
            }
        }
    }
}
