package org.mysqlbackup.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;

/** What the read-only client commands share: the client database, and where their output goes. */
final class ClientDatabase {
    private ClientDatabase() {
    }

    /** The client database of {@code client}'s configuration; close it when done. */
    static DataSource open(ClientCommand client) {
        return client.app().database();
    }

    static void close(DataSource db) throws Exception {
        if (db instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** Like {@link #close}, for a command whose process ends next anyway. */
    static void closeQuietly(DataSource db) {
        try {
            close(db);
        } catch (Exception ignored) {
            // the process ends next
        }
    }

    /** {@code file} (created or replaced), or the command's standard output when null. */
    static Writer output(Path file, PrintWriter stdout) {
        if (file == null) {
            return stdout;
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
