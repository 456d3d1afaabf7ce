package org.mysqlbackup.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class StorageLayoutTest {
    @TempDir
    Path temp;

    @Test
    void theRootAndItsStagingFolderAreCreated() {
        StorageLayout layout = new StorageLayout(temp.resolve("a/b/storage"));

        assertThat(layout.root()).isDirectory().isEqualTo(temp.resolve("a/b/storage"));
        assertThat(layout.root().resolve(".staging")).isDirectory();
    }

    @Test
    void theRootIsNormalisedSoDotDotInTheConfigurationCannotConfuseTheChecks() throws IOException {
        StorageLayout layout = new StorageLayout(temp.resolve("x/../storage"));

        assertThat(layout.root()).isEqualTo(temp.toRealPath().resolve("storage"));
    }

    @Test
    void aTransferIsStagedUnderStagingAsAPartFile() {
        StorageLayout layout = new StorageLayout(temp);

        assertThat(layout.stagingFile("0123abcd-ef45-6789")).isEqualTo(layout.root().resolve(".staging/0123abcd-ef45-6789.part"));
    }

    @Test
    void aClientsBackupsLiveInAFolderNamedAfterIt() {
        StorageLayout layout = new StorageLayout(temp);

        assertThat(layout.clientDirectory("db1.prod")).isEqualTo(layout.root().resolve("db1.prod"));
    }

    @Test
    void relativePathsUseForwardSlashes() {
        StorageLayout layout = new StorageLayout(temp);

        assertThat(layout.relative(layout.root().resolve("db1").resolve("x.zip"))).isEqualTo("db1/x.zip");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aBackslashInAFileNameIsNotReportedAsASeparator() {
        StorageLayout layout = new StorageLayout(temp);

        // on Linux this is one file inside the root; "db1/a/../.." would point at the root's parent
        assertThat(layout.relative(layout.root().resolve("db1").resolve("a\\..\\.."))).isEqualTo("db1/a\\..\\..");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"short", "../../../../etc/passwd", "..", "abcdefgh/..", "abcdefgh.", "abcdefg\u0000h",
            "abcdefgh_", "/abcdefgh", "0123456789012345678901234567890123456789012345678901234567890123456789"})
    void aTransferIdThatIsNot8To64LettersDigitsOrDashesIsRefused(String transferId) {
        StorageLayout layout = new StorageLayout(temp);

        assertThatThrownBy(() -> layout.stagingFile(transferId))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("transfer id '" + transferId + "'");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {".", "..", ".staging", "../other", "a/b", "/etc", "\\", "db1\u0000"})
    void aClientIdThatIsNotOneSafeSegmentIsRefused(String clientId) {
        StorageLayout layout = new StorageLayout(temp);

        assertThatThrownBy(() -> layout.clientDirectory(clientId)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPathOutsideTheRootHasNoRelativeName() {
        StorageLayout layout = new StorageLayout(temp.resolve("storage"));

        assertThatThrownBy(() -> layout.relative(layout.root().resolve("../elsewhere/x.zip")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the storage root");
        assertThatThrownBy(() -> layout.relative(Path.of("/etc/passwd"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRootItselfIsNotAPlaceForAFile() {
        StorageLayout layout = new StorageLayout(temp);

        assertThatThrownBy(() -> layout.relative(layout.root().resolve("db1/.."))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSiblingWhoseNameStartsLikeTheRootIsOutside() throws IOException {
        StorageLayout layout = new StorageLayout(temp.resolve("storage"));
        Files.createDirectories(temp.resolve("storage-evil"));

        assertThatThrownBy(() -> layout.relative(temp.toRealPath().resolve("storage-evil/x.zip")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
