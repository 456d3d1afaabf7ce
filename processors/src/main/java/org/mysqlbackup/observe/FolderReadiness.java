package org.mysqlbackup.observe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Ready while a file can be created in a folder (and is removed again): a folder that is gone,
 * read-only or full keeps the side from doing its work. The server's storage root must be there
 * (a missing one is an unmounted disk); the client's work folder is made by its first backup, so
 * the check makes it as the backup would.
 */
public final class FolderReadiness extends ReadinessCheck {
    private final String what;
    private final Path folder;
    private final boolean makeMissing;

    /**
     * @param what        how the operator knows it, e.g. {@code the storage root}
     * @param makeMissing make the folder (and its parents) when it is not there yet
     */
    public FolderReadiness(String id, String what, Path folder, boolean makeMissing) {
        super(id);
        this.what = what;
        this.folder = folder;
        this.makeMissing = makeMissing;
    }

    @Override
    protected String problem() {
        if (!Files.isDirectory(folder)) {
            if (!makeMissing) {
                return what + " " + folder + " is not there";
            }
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                return what + " " + folder + " cannot be made: " + e.getMessage();
            }
        }
        Path probe = null;
        try {
            probe = Files.createTempFile(folder, ".ready-", ".probe");
            return null;
        } catch (IOException e) {
            return what + " " + folder + " is not writable: " + e.getMessage();
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
