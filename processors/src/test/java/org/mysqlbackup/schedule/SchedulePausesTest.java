package org.mysqlbackup.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqlbackup.client.run.ActiveRuns;
import org.mysqlbackup.client.run.BackupRun;

class SchedulePausesTest {
    @TempDir
    Path temp;

    @Test
    void aPauseHoldsUntilClosedAndOnlyForItsConfiguration() {
        SchedulePauses pauses = new SchedulePauses(temp.resolve("pauses"), Clock.systemUTC());
        try (SchedulePauses.Pause pause = pauses.pause("main", "restore in place of backup 7")) {
            assertThat(pause.marker()).exists();
            assertThat(pauses.pausedBy("main")).hasValueSatisfying(why -> assertThat(why)
                    .startsWith("restore in place of backup 7 (process " + ProcessHandle.current().pid()));
            assertThat(pauses.pausedBy("other")).isEmpty();
            assertThatThrownBy(() -> pauses.pause("main", "again")).hasMessageContaining("paused already");
        }
        assertThat(pauses.pausedBy("main")).isEmpty();
        assertThat(temp.resolve("pauses")).isEmptyDirectory();
    }

    @Test
    void aPauseOfAProcessThatEndedPausesNothing() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Files.createDirectories(temp);
        Files.writeString(temp.resolve("main.pause"), "pid=" + ended.pid() + "\nwhy=restore\n");
        assertThat(new SchedulePauses(temp, Clock.systemUTC()).pausedBy("main")).isEmpty();
    }

    @Test
    void theScheduledRunPathSkipsAPausedConfiguration() throws Exception {
        SchedulePauses pauses = new SchedulePauses(temp, Clock.systemUTC());
        ScheduledRunGuard guard = new ScheduledRunGuard(new ActiveRuns(), pauses);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange paused = new DefaultExchange(camel);
            paused.getMessage().setHeader(BackupRun.CONFIG_NAME_HEADER, "main");
            try (SchedulePauses.Pause pause = pauses.pause("main", "restore in place")) {
                guard.claim().process(paused);
            }
            assertThat(paused.isRouteStop()).isTrue();
            Exchange after = new DefaultExchange(camel);
            after.getMessage().setHeader(BackupRun.CONFIG_NAME_HEADER, "main");
            guard.claim().process(after);
            assertThat(after.isRouteStop()).isFalse();
        }
    }
}
