package org.mysqlbackup.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a person is watching: stdin and stdout are a terminal ({@link System#console()}), not
 * a pipe, a file, cron or a systemd unit, and stderr, where the bar is drawn, is one too (else
 * {@code backup-now 2>log} would fill the log with redrawn lines). Decides between a progress
 * bar and plain log lines.
 */
final class Terminal {
    private Terminal() {
    }

    static boolean interactive() {
        return System.console() != null && !"dumb".equals(System.getenv("TERM")) && stderrIsATerminal();
    }

    /** Read from /proc where there is one; elsewhere stderr is taken to follow stdout. */
    private static boolean stderrIsATerminal() {
        Path stderr = Path.of("/proc/self/fd/2");
        try {
            String target = Files.readSymbolicLink(stderr).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return true;
        }
    }
}
