package org.mysqlbackup.cli;

/** Process exit codes, documented in the README; scripts and monitoring rely on them. */
public final class ExitCodes {
    /** The command did what it was asked. */
    public static final int OK = 0;
    /** The backup failed; MySQL is running. */
    public static final int BACKUP_FAILED = 1;
    /** Bad command line or configuration; nothing was touched. */
    public static final int USAGE = 2;
    /** The backup failed and MySQL, stopped for it, is NOT running: act now. */
    public static final int MYSQL_DOWN = 3;
    /** The backup was cancelled (operator or deadline); MySQL is running. */
    public static final int CANCELLED = 4;
    /** {@code backup-server verify} found a stored backup corrupt or missing. */
    public static final int VERIFY_FOUND_DAMAGE = 1;

    /** A restore refused the archive (links, paths outside the target, sizes or entries not in its manifest). */
    public static final int ARCHIVE_REFUSED = 10;
    /** A restore in place found a backup (or a restart guard) working on the same MySQL instance. */
    public static final int INSTANCE_BUSY = 11;
    /** A restorability drill failed: the backup did not boot or a table did not pass (see the output). */
    public static final int DRILL_FAILED = 12;

    private ExitCodes() {
    }
}
