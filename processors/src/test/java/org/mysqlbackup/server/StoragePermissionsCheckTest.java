package org.mysqlbackup.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoragePermissionsCheckTest {
    @TempDir
    Path temp;

    @Test
    void whatTheServerCreatesIsPrivateAndPassesTheCheck() throws Exception {
        StorageLayout layout = new StorageLayout(temp.resolve("storage"));
        Path folder = StorageLayout.createPrivateDirectories(layout.backupDirectory(java.util.List.of("db1", "2026")));
        Path file = Files.write(Files.createFile(folder.resolve("a.zip"), StorageLayout.privateFile()), new byte[10]);

        assertThat(mode(layout.root())).isEqualTo("rwx------");
        assertThat(mode(layout.root().resolve(".staging"))).isEqualTo("rwx------");
        assertThat(mode(folder)).isEqualTo("rwx------");
        assertThat(mode(folder.getParent())).isEqualTo("rwx------");
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(new StoragePermissionsCheck(layout.root()).run().isEmpty()).isTrue();
    }

    @Test
    void aStagingFileIsCreated0600() throws Exception {
        StorageLayout layout = new StorageLayout(temp.resolve("storage"));
        Path staging = layout.stagingFile("abcdefgh-1");
        var init = new org.mysqlbackup.protocol.InitTransfer("abcdefgh-1", "c", "db", 10, 1 << 16,
                "00", "00", 0L);
        new IncomingTransfer("db1", init, staging, 1, new BitSet(), Runnable::run, 1 << 20).close();

        assertThat(mode(staging)).isEqualTo("rw-------");
    }

    @Test
    void looserFilesAndFoldersAreCountedWithExamples() throws Exception {
        Path root = temp.resolve("storage");
        Files.createDirectories(root.resolve("db1/2025"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(root.resolve("db1"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(root.resolve("db1/2025"), PosixFilePermissions.fromString("rwxr-x---"));
        for (String name : new String[] {"a.zip", "b.zip", "c.zip", "d.zip"}) {
            Files.writeString(root.resolve("db1/2025/" + name), "x");
            Files.setPosixFilePermissions(root.resolve("db1/2025/" + name), PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.writeString(root.resolve("db1/private.zip"), "x");
        Files.setPosixFilePermissions(root.resolve("db1/private.zip"), PosixFilePermissions.fromString("rw-------"));

        StoragePermissionsCheck.Finding finding = new StoragePermissionsCheck(root).run();

        assertThat(finding.files()).isEqualTo(4);
        assertThat(finding.folders()).isEqualTo(2);
        assertThat(finding.examples()).hasSize(3).allMatch(path -> path.startsWith(root));
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
