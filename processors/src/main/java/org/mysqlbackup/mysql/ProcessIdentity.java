package org.mysqlbackup.mysql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A process as it was when the stop began. Minutes later, when escalation may signal it, its pid may
 * belong to another process (MySQL exited, the pid was reused); the start time tells them apart.
 *
 * @param pid       the process id read from the pid file
 * @param startedAt when the process started, if the platform says
 * @param name      its command name ({@code /proc/<pid>/comm}, else the executable's file name)
 */
public record ProcessIdentity(long pid, Optional<Instant> startedAt, String name) {

    /** The process running as {@code pid} now; empty if there is none or only a zombie. */
    public static Optional<ProcessIdentity> capture(long pid) {
        return ProcessHandle.of(pid)
                .filter(h -> MySqlDownProof.running(pid))
                .map(h -> new ProcessIdentity(pid, h.info().startInstant(), nameOf(h)));
    }

    /** The same process, if it still runs (a zombie does not); empty once it exited or its pid was reused. */
    public Optional<ProcessHandle> handle() {
        return ProcessHandle.of(pid)
                .filter(h -> MySqlDownProof.running(pid))
                .filter(h -> startedAt.isEmpty() || h.info().startInstant().isEmpty()
                        || h.info().startInstant().equals(startedAt));
    }

    /** Whether {@link #name()} is one of {@code names}; {@code comm} is cut at 15 characters, so a prefix matches. */
    public boolean nameIsOneOf(Iterable<String> names) {
        for (String candidate : names) {
            if (candidate.equals(name) || (name.length() == 15 && candidate.startsWith(name))) {
                return true;
            }
        }
        return false;
    }

    static String nameOf(ProcessHandle handle) {
        try {
            String comm = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "comm")).strip();
            if (!comm.isEmpty()) {
                return comm;
            }
        } catch (IOException | RuntimeException noProcFs) {
            // not Linux: ask the JDK
        }
        return handle.info().command().map(c -> Path.of(c).getFileName().toString())
                .map(n -> n.toLowerCase(Locale.ROOT).endsWith(".exe") ? n.substring(0, n.length() - 4) : n)
                .orElse("?");
    }
}
