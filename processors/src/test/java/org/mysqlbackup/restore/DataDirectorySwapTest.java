package org.mysqlbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectorySwapTest {
    private static final Instant AT = Instant.parse("2026-12-04T18:45:01Z");

    @TempDir
    Path temp;

    @Test
    void swapInMovesTheOldDirectoryAndItsManifestAsideAndSwapBackUndoesIt() throws Exception {
        Path target = Files.createDirectories(temp.resolve("data"));
        Files.writeString(target.resolve("old.ibd"), "old");
        Files.writeString(ArchiveExtractor.manifestFileOf(target), "old manifest");
        Path staged = Files.createDirectories(temp.resolve("data.restore-x"));
        Files.writeString(staged.resolve("new.ibd"), "new");
        Files.writeString(ArchiveExtractor.manifestFileOf(staged), "new manifest");
        Path aside = DataDirectorySwap.sibling(target, "before-restore", AT);
        assertThat(aside.getFileName().toString()).isEqualTo("data.before-restore-20261204-184501");

        DataDirectorySwap.swapIn(staged, target, aside);

        assertThat(target.resolve("new.ibd")).hasContent("new");
        assertThat(ArchiveExtractor.manifestFileOf(target)).hasContent("new manifest");
        assertThat(aside.resolve("old.ibd")).hasContent("old");
        assertThat(ArchiveExtractor.manifestFileOf(aside)).hasContent("old manifest");
        assertThat(staged).doesNotExist();
        assertThat(DataDirectorySwap.sibling(target, "before-restore", AT).getFileName().toString())
                .as("never the name of one already there").isEqualTo("data.before-restore-20261204-184501-2");

        Path failed = DataDirectorySwap.sibling(target, "failed-restore", AT);
        DataDirectorySwap.swapBack(target, aside, failed);

        assertThat(target.resolve("old.ibd")).hasContent("old");
        assertThat(ArchiveExtractor.manifestFileOf(target)).hasContent("old manifest");
        assertThat(failed.resolve("new.ibd")).hasContent("new");
        assertThat(ArchiveExtractor.manifestFileOf(failed)).hasContent("new manifest");
        assertThat(aside).doesNotExist();
    }

    @Test
    void aStagedFolderThatCannotBeMovedInLeavesTheOldOneInPlace() throws Exception {
        Path target = Files.createDirectories(temp.resolve("data"));
        Files.writeString(target.resolve("old.ibd"), "old");
        Path aside = DataDirectorySwap.sibling(target, "before-restore", AT);
        assertThatThrownBy(() -> DataDirectorySwap.swapIn(temp.resolve("missing"), target, aside))
                .isInstanceOf(java.io.IOException.class);
        assertThat(target.resolve("old.ibd")).hasContent("old");
        assertThat(aside).doesNotExist();
    }

    @Test
    void emptyOrMissingFoldersAreTold() throws Exception {
        assertThat(DataDirectorySwap.missingOrEmpty(temp.resolve("nothing"))).isTrue();
        assertThat(DataDirectorySwap.missingOrEmpty(Files.createDirectories(temp.resolve("empty")))).isTrue();
        Files.writeString(temp.resolve("empty/x"), "x");
        assertThat(DataDirectorySwap.missingOrEmpty(temp.resolve("empty"))).isFalse();
        assertThat(DataDirectorySwap.missingOrEmpty(temp.resolve("empty/x"))).as("a file").isFalse();
    }
}
