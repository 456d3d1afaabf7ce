package org.mysqlbackup.cli;

/**
 * Whether a person is watching: stdin and stdout are a terminal ({@link System#console()}), not
 * a pipe, a file, cron or a systemd unit. Decides between a progress bar and plain log lines.
 */
final class Terminal {
    private Terminal() {
    }

    static boolean interactive() {
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }
}
