package org.mysqlbackup.mysql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Reading a server's pid file: one decimal number, perhaps followed by a line break. */
public final class PidFiles {
    private PidFiles() {
    }

    /** The pid in {@code pidFile}; empty if there is no such file or it does not hold a number. */
    public static OptionalLong read(Path pidFile) {
        try {
            if (pidFile == null || !Files.isRegularFile(pidFile)) {
                return OptionalLong.empty();
            }
            String text = Files.readString(pidFile).trim();
            return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
