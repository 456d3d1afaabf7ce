package org.mysqlbackup.client.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.snapshot.Captured;
import org.mysqlbackup.snapshot.SnapshotResult;

/**
 * The file a backup ships: complete only with its checksums, a capture pending until it is
 * consumed, and an operator's file never becomes the backup's to delete.
 */
class ArchiveTest {
    private static final Path ZIP = Path.of("/var/lib/mysql-backup/work/main-2026.zip");
    private static final SnapshotResult RESULT = new SnapshotResult(ZIP, 1234, "ab".repeat(32), "cd".repeat(16), 7,
            99_999);

    private static Captured copy() {
        return new Captured("reflink", "copy", Path.of("/var/lib/mysql"), ZIP,
                Path.of("/var/lib/mysql-backup/work/main-2026.copy"), null, 7, 99_999, "no reflink on ext4", null);
    }

    private static Captured zipped() {
        return new Captured("zip", "zip", Path.of("/var/lib/mysql"), ZIP, null, RESULT, 7, 99_999, null, null);
    }

    @Test
    void nothingYet() {
        assertThat(Archive.NONE.isComplete()).isFalse();
        assertThat(Archive.NONE.zip()).isEmpty();
        assertThat(Archive.NONE.owned()).isTrue();
        assertThat(Archive.NONE.pendingCapture()).isEmpty();
        assertThat(Archive.NONE.snapshotMethod()).isEmpty();
        assertThat(Archive.NONE.snapshotNote()).isEmpty();
    }

    @Test
    void aPlannedZipHasAPathButIsNotComplete() {
        Archive planned = Archive.NONE.planned(ZIP);

        assertThat(planned.zip()).contains(ZIP);
        assertThat(planned.isComplete()).isFalse();
        assertThat(planned.size()).isZero();
        assertThat(planned.owned()).isTrue();
    }

    @Test
    void aCopyIsPendingUntilPackagedAndTheArchiveNotComplete() {
        Archive captured = Archive.NONE.planned(ZIP).captured(copy());

        assertThat(captured.isComplete()).isFalse();
        assertThat(captured.pendingCapture()).contains(copy());
        assertThat(captured.snapshotMethod()).contains("copy");
        assertThat(captured.snapshotNote()).contains("no reflink on ext4");
        assertThat(captured.zip()).contains(ZIP);
    }

    @Test
    void theZipStrategysCaptureIsCompleteAtOnce() {
        Archive captured = Archive.NONE.planned(Path.of("/elsewhere.zip")).captured(zipped());

        assertThat(captured.isComplete()).isTrue();
        assertThat(captured.zip()).contains(ZIP);
        assertThat(captured.size()).isEqualTo(1234);
        assertThat(captured.sha256()).isEqualTo("ab".repeat(32));
        assertThat(captured.md5()).isEqualTo("cd".repeat(16));
        assertThat(captured.snapshotMethod()).contains("zip");
        assertThat(captured.snapshotNote()).isEmpty();
    }

    @Test
    void completeSetsTheFileAndChecksumsAndKeepsHowItWasCaptured() {
        Archive captured = Archive.NONE.planned(ZIP).captured(copy());

        Archive complete = captured.complete(RESULT);

        assertThat(complete.isComplete()).isTrue();
        assertThat(complete).isEqualTo(new Archive(ZIP, 1234, "ab".repeat(32), "cd".repeat(16), true, copy(), "copy",
                "no reflink on ext4"));
    }

    @Test
    void aConsumedCaptureLeavesNothingToCleanUpAndKeepsEverythingElse() {
        Archive complete = Archive.NONE.planned(ZIP).captured(copy()).complete(RESULT);

        Archive consumed = complete.captureConsumed();

        assertThat(consumed.pendingCapture()).isEmpty();
        assertThat(consumed).usingRecursiveComparison().ignoringFields("captured").isEqualTo(complete);
        assertThat(consumed.isComplete()).isTrue();
        assertThat(Archive.NONE.planned(ZIP).captured(copy()).captureConsumed().isComplete())
                .as("a copy discarded before it was zipped").isFalse();
    }

    @Test
    void anExistingFileIsCompleteOnlyWithItsChecksum() {
        assertThat(Archive.existing(ZIP, 10, "ab".repeat(32), "cd".repeat(16), true).isComplete()).isTrue();
        assertThat(Archive.existing(ZIP, 10, null, null, true).isComplete()).isFalse();
    }

    @Test
    void anOperatorsFileStaysTheOperatorsThroughEveryStep() {
        Archive sent = Archive.existing(ZIP, 10, "ab".repeat(32), "cd".repeat(16), false);

        assertThat(sent.owned()).isFalse();
        assertThat(sent.planned(ZIP).owned()).isFalse();
        assertThat(sent.captured(copy()).owned()).isFalse();
        assertThat(sent.complete(RESULT).owned()).isFalse();
        assertThat(sent.captureConsumed().owned()).isFalse();
    }

    @Test
    void stepsLeaveTheValueTheyStartFromAsItWas() {
        Archive planned = Archive.NONE.planned(ZIP);

        planned.captured(copy()).complete(RESULT).captureConsumed();

        assertThat(planned).isEqualTo(Archive.NONE.planned(ZIP));
        assertThat(Archive.NONE).isEqualTo(new Archive(null, 0, null, null, true, null, null, null));
    }
}
