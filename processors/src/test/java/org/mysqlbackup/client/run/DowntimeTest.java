package org.mysqlbackup.client.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The downtime of one cold phase: measured from the stop request (not from the proof) to MySQL
 * answering, or the recorded one of the run whose file is shipped; each transition sets its own
 * field and leaves the value it started from as it was.
 */
class DowntimeTest {
    private static final Instant STOP = Instant.parse("2026-02-03T04:05:06Z");

    private static Downtime throughTheColdPhase() {
        return Downtime.NONE.stopRequested(STOP, 1234L)
                .provenDown(STOP.plusSeconds(2))
                .startRequested(STOP.plusSeconds(5))
                .available(STOP.plusMillis(7500));
    }

    @Test
    void untouchedMySqlHasNoDowntime() {
        assertThat(Downtime.NONE.stopped()).isFalse();
        assertThat(Downtime.NONE.duration()).isEmpty();
        assertThat(Downtime.NONE.pid()).isEmpty();
        assertThat(Downtime.NONE.restartFailed()).isEmpty();
        assertThat(Downtime.NONE.startCommandFailed()).isEmpty();
        assertThat(Downtime.NONE.interrupted()).isEmpty();
        assertThat(Downtime.NONE.coldPhaseDone()).isFalse();
    }

    @Test
    void theDurationRunsFromTheStopRequestToMySqlAnswering() {
        Downtime downtime = throughTheColdPhase();

        assertThat(downtime.stopped()).isTrue();
        assertThat(downtime.pid()).contains(1234L);
        assertThat(downtime.duration()).contains(Duration.ofMillis(7500));
    }

    @Test
    void noDurationWhileMySqlHasNotAnswered() {
        Downtime stopped = Downtime.NONE.stopRequested(STOP, null);

        assertThat(stopped.stopped()).isTrue();
        assertThat(stopped.pid()).isEmpty();
        assertThat(stopped.duration()).isEmpty();
        assertThat(stopped.provenDown(STOP.plusSeconds(1)).startRequested(STOP.plusSeconds(2)).duration()).isEmpty();
    }

    @Test
    void theRecordedDowntimeOfAnEarlierRun() {
        assertThat(Downtime.recorded(Duration.ofSeconds(42)).duration()).contains(Duration.ofSeconds(42));
        assertThat(Downtime.recorded(Duration.ofSeconds(42)).stopped()).isFalse();
        assertThat(Downtime.recorded(null).duration()).isEmpty();
    }

    @Test
    void aMeasuredDowntimeWinsOverARecordedOne() {
        Downtime downtime = Downtime.recorded(Duration.ofSeconds(42)).stopRequested(STOP, 1L)
                .available(STOP.plusSeconds(3));

        assertThat(downtime.duration()).contains(Duration.ofSeconds(3));
    }

    @Test
    void startRequestedKeepsTheFirstTime() {
        Downtime first = Downtime.NONE.stopRequested(STOP, 1L).startRequested(STOP.plusSeconds(5));

        Downtime retried = first.startRequested(STOP.plusSeconds(30));

        assertThat(retried).isSameAs(first);
        assertThat(retried.startRequestedAt()).isEqualTo(STOP.plusSeconds(5));
    }

    @Test
    void mySqlAnsweringClearsTheRestartFailureButNotWhyTheStartCommandFailed() {
        Downtime failing = Downtime.NONE.stopRequested(STOP, 1L).startRequested(STOP.plusSeconds(1))
                .startCommandFailed("exit 1").restartFailed("no answer in 120 s");

        Downtime back = failing.available(STOP.plusSeconds(200));

        assertThat(failing.restartFailed()).contains("no answer in 120 s");
        assertThat(back.restartFailed()).isEmpty();
        assertThat(back.startCommandFailed()).contains("exit 1");
        assertThat(back.duration()).contains(Duration.ofSeconds(200));
    }

    @Test
    void eachTransitionSetsOnlyItsOwnField() {
        Downtime full = throughTheColdPhase().startCommandFailed("first").restartFailed("r")
                .interrupted(BackupStep.SNAPSHOT).coldPhaseCompleted();

        assertThat(full.provenDown(STOP.plusSeconds(3))).usingRecursiveComparison()
                .ignoringFields("provenDownAt").isEqualTo(full);
        assertThat(full.available(STOP.plusSeconds(9))).usingRecursiveComparison()
                .ignoringFields("availableAt", "restartFailure").isEqualTo(full);
        assertThat(full.startCommandFailed("second")).usingRecursiveComparison()
                .ignoringFields("startCommandFailure").isEqualTo(full);
        assertThat(full.restartFailed("again")).usingRecursiveComparison()
                .ignoringFields("restartFailure").isEqualTo(full);
        assertThat(full.interrupted(BackupStep.PROVE_DOWN)).usingRecursiveComparison()
                .ignoringFields("interruptedStep").isEqualTo(full);
        assertThat(full.interrupted(BackupStep.PROVE_DOWN).interrupted()).contains(BackupStep.PROVE_DOWN);
        assertThat(full.startCommandFailed("second").startCommandFailed()).contains("second");
    }

    @Test
    void coldPhaseCompletedSetsOnlyTheFlag() {
        Downtime before = throughTheColdPhase().interrupted(BackupStep.SNAPSHOT);

        Downtime after = before.coldPhaseCompleted();

        assertThat(after.coldPhaseDone()).isTrue();
        assertThat(before.coldPhaseDone()).isFalse();
        assertThat(after).usingRecursiveComparison().ignoringFields("coldPhaseDone").isEqualTo(before);
    }

    @Test
    void theStopRequestRecordsItsTimeAndPidAndKeepsTheRecordedDowntime() {
        Downtime stopped = Downtime.recorded(Duration.ofSeconds(4)).stopRequested(STOP, 77L);

        assertThat(stopped.stopRequestedAt()).isEqualTo(STOP);
        assertThat(stopped.pidBefore()).isEqualTo(77L);
        assertThat(stopped.recorded()).isEqualTo(Duration.ofSeconds(4));
        assertThat(stopped.provenDownAt()).isNull();
        assertThat(stopped.availableAt()).isNull();
    }

    @Test
    void transitionsLeaveTheValueTheyStartFromAsItWas() {
        Downtime stopped = Downtime.NONE.stopRequested(STOP, 1L);

        stopped.provenDown(STOP.plusSeconds(1)).startRequested(STOP.plusSeconds(2)).available(STOP.plusSeconds(3))
                .restartFailed("x").startCommandFailed("y").interrupted(BackupStep.SNAPSHOT).coldPhaseCompleted();

        assertThat(stopped).isEqualTo(Downtime.NONE.stopRequested(STOP, 1L));
        assertThat(Downtime.NONE).isEqualTo(new Downtime(null, null, null, null, null, null, null, null, null, false));
    }
}
