package org.mysqlbackup.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A pid file holds one decimal number; anything else reads as no pid, never as an exception. */
class PidFilesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"4242", "4242\n", " 4242 \r\n", "\n4242\n"})
    void theNumberIsRead(String content) throws IOException {
        assertThat(PidFiles.read(Files.writeString(dir.resolve("mysqld.pid"), content))).hasValue(4242);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "mariadbd", "4242 4243", "42.0", "0x10", "99999999999999999999"})
    void anythingElseIsNoPid(String content) throws IOException {
        assertThat(PidFiles.read(Files.writeString(dir.resolve("mysqld.pid"), content))).isEmpty();
    }

    @Test
    void aMissingFileADirectoryAndNoPathAreNoPid() throws IOException {
        assertThat(PidFiles.read(dir.resolve("missing.pid"))).isEmpty();
        assertThat(PidFiles.read(Files.createDirectory(dir.resolve("a-directory.pid")))).isEmpty();
        assertThat(PidFiles.read(null)).isEmpty();
    }
}
