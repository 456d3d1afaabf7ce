package org.mysqlbackup.restore;

/**
 * An archive that is not unpacked because it does not look like what the backup client wrote:
 * an entry that would land outside the target, a link, a duplicate, an entry the manifest does not
 * list, a size that does not match, too many entries. Nothing of it was left on disk.
 */
public class ArchiveRefusedException extends Exception {
    private final String reason;

    public ArchiveRefusedException(String archive, String reason) {
        super("archive " + archive + " refused: " + reason);
        this.reason = reason;
    }

    /** Why, without the archive's name: "entry '../etc/passwd' leaves the target (..)". */
    public String reason() {
        return reason;
    }
}
