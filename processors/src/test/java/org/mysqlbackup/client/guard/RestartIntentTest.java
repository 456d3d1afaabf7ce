package org.mysqlbackup.client.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.client.run.RunOwner;
import org.mysqlbackup.mysql.MySqlInstance;

/**
 * The restart intent's transitions each set their own field and keep every other one (a lost
 * field would make a guard start the wrong instance or not wait for a running command), and
 * {@link RestartIntent#isAbout} recognizes the instance however its paths are spelt.
 */
class RestartIntentTest {
    private static final Instant STOP = Instant.parse("2026-03-04T05:06:07.123456789Z");
    private static final RunOwner OWNER = new RunOwner(4242, Instant.parse("2026-03-04T01:00:00Z"));
    private static final MySqlInstance MYSQL = new MySqlInstance("127.0.0.1", 3306, "backup", "secret",
            Path.of("/var/lib/mysql"), Path.of("/run/mysqld/mysqld.pid"));

    private static RestartIntent stopping() {
        return RestartIntent.beforeStop(41, "main", OWNER, MYSQL, "systemd unit mariadb", STOP);
    }

    @Test
    void beforeStopNamesTheOwnerTheInstanceAndTheStopAndNothingElse() {
        RestartIntent intent = stopping();

        assertThat(intent).isEqualTo(new RestartIntent(41, "main", 4242, "2026-03-04T01:00:00Z", "127.0.0.1", 3306,
                "/var/lib/mysql", "/run/mysqld/mysqld.pid", "systemd unit mariadb", "2026-03-04T05:06:07.123456789Z",
                null, null, null, null, null));
        assertThat(intent.owner()).isEqualTo(OWNER);
        assertThat(intent.stoppedAt()).isEqualTo(STOP);
        assertThat(intent.downSince()).isEmpty();
        assertThat(intent.startedAt()).isEmpty();
        assertThat(intent.command()).isEmpty();
        assertThat(intent.gaveUpAt()).isEmpty();
    }

    @Test
    void beforeStopWithoutAPidFileOrAKnownStartTime() {
        MySqlInstance noPidFile = new MySqlInstance("db", 3307, "u", "p", Path.of("/data"), null);

        RestartIntent intent = RestartIntent.beforeStop(1, "c", new RunOwner(9, null), noPidFile, "command", STOP);

        assertThat(intent.pidFile()).isNull();
        assertThat(intent.ownerStartedAt()).isNull();
        assertThat(intent.owner()).isEqualTo(new RunOwner(9, null));
        assertThat(intent.isAbout(noPidFile)).isTrue();
    }

    @Test
    void provenDownSetsOnlyItsTime() {
        RestartIntent before = stopping().startRequested(STOP.plusSeconds(20)).commandRunning(new RunOwner(5, STOP))
                .givenUp(STOP.plusSeconds(99));
        Instant down = STOP.plusMillis(1500);

        RestartIntent after = before.provenDown(down);

        assertThat(after.downSince()).contains(down);
        assertThat(after).usingRecursiveComparison().ignoringFields("provenDownAt").isEqualTo(before);
    }

    @Test
    void startRequestedSetsOnlyItsTime() {
        RestartIntent before = stopping().provenDown(STOP.plusSeconds(2)).commandRunning(new RunOwner(5, STOP))
                .givenUp(STOP.plusSeconds(99));

        RestartIntent after = before.startRequested(STOP.plusSeconds(20));

        assertThat(after.startedAt()).contains(STOP.plusSeconds(20));
        assertThat(after).usingRecursiveComparison().ignoringFields("startRequestedAt").isEqualTo(before);
    }

    @Test
    void startRequestedKeepsTheFirstTime() {
        RestartIntent first = stopping().provenDown(STOP.plusSeconds(2)).startRequested(STOP.plusSeconds(20));

        RestartIntent again = first.startRequested(STOP.plusSeconds(60));

        assertThat(again).isSameAs(first);
        assertThat(again.startedAt()).contains(STOP.plusSeconds(20));
        assertThat(again.provenDown(STOP.plusSeconds(3)).givenUp(STOP.plusSeconds(4))
                .startRequested(STOP.plusSeconds(90)).startedAt()).contains(STOP.plusSeconds(20));
    }

    @Test
    void commandRunningSetsOnlyTheCommandAndTheLastOneWins() {
        RestartIntent before = stopping().provenDown(STOP.plusSeconds(2)).startRequested(STOP.plusSeconds(20))
                .givenUp(STOP.plusSeconds(99));
        RunOwner stop = new RunOwner(100, Instant.parse("2026-03-04T05:06:08Z"));
        RunOwner start = new RunOwner(200, null);

        RestartIntent stopping = before.commandRunning(stop);
        RestartIntent starting = stopping.commandRunning(start);

        assertThat(stopping.command()).contains(stop);
        assertThat(stopping.commandStartedAt()).isEqualTo("2026-03-04T05:06:08Z");
        assertThat(starting.command()).contains(start);
        assertThat(starting.commandStartedAt()).isNull();
        assertThat(stopping).usingRecursiveComparison().ignoringFields("commandPid", "commandStartedAt")
                .isEqualTo(before);
        assertThat(starting).usingRecursiveComparison().ignoringFields("commandPid", "commandStartedAt")
                .isEqualTo(before);
    }

    @Test
    void givenUpSetsOnlyItsTime() {
        RestartIntent before = stopping().provenDown(STOP.plusSeconds(2)).startRequested(STOP.plusSeconds(20))
                .commandRunning(new RunOwner(5, STOP));

        RestartIntent after = before.givenUp(STOP.plusSeconds(300));

        assertThat(after.gaveUpAt()).contains(STOP.plusSeconds(300));
        assertThat(after).usingRecursiveComparison().ignoringFields("givenUpAt").isEqualTo(before);
    }

    @Test
    void transitionsChangeNothingInTheValueTheyStartFrom() {
        RestartIntent original = stopping();

        original.provenDown(STOP.plusSeconds(1)).startRequested(STOP.plusSeconds(2))
                .commandRunning(new RunOwner(3, STOP)).givenUp(STOP.plusSeconds(4));

        assertThat(original).isEqualTo(stopping());
    }

    @Test
    void theDerivedTimesAreTheRecordedOnesToTheNanosecond() {
        Instant down = Instant.parse("2026-03-04T05:06:09.000000001Z");
        Instant start = Instant.parse("2026-03-04T05:06:30.5Z");

        RestartIntent intent = stopping().provenDown(down).startRequested(start);

        assertThat(intent.downSince()).contains(down);
        assertThat(intent.startedAt()).contains(start);
        assertThat(intent.stoppedAt()).isEqualTo(STOP);
    }

    @Test
    void isAboutTheSameInstanceHoweverItsPathsAreSpelt() {
        RestartIntent intent = stopping();

        assertThat(intent.isAbout(MYSQL)).isTrue();
        assertThat(intent.isAbout(instance(3306, "/var/lib/mysql/", "/run/mysqld/mysqld.pid"))).isTrue();
        assertThat(intent.isAbout(instance(3306, "/var/lib/./mysql", "/run/mysqld/../mysqld/mysqld.pid"))).isTrue();
        assertThat(intent.isAbout(instance(3306, "/var/lib/x/../mysql", "/run//mysqld/mysqld.pid"))).isTrue();
    }

    @Test
    void aRelativePathIsTheSameAsItsAbsoluteForm() {
        MySqlInstance relative = new MySqlInstance("h", 3306, "u", "p", Path.of("data/mysql"), Path.of("run/m.pid"));
        RestartIntent intent = RestartIntent.beforeStop(1, "c", OWNER, relative, "s", STOP);

        assertThat(intent.isAbout(new MySqlInstance("h", 3306, "u", "p", Path.of("data/mysql").toAbsolutePath(),
                Path.of("run/m.pid").toAbsolutePath()))).isTrue();
    }

    @Test
    void isNotAboutAnotherPortDataDirectoryOrPidFile() {
        RestartIntent intent = stopping();

        assertThat(intent.isAbout(instance(3307, "/var/lib/mysql", "/run/mysqld/mysqld.pid"))).isFalse();
        assertThat(intent.isAbout(instance(3306, "/var/lib/mysql2", "/run/mysqld/mysqld.pid"))).isFalse();
        assertThat(intent.isAbout(instance(3306, "/var/lib", "/run/mysqld/mysqld.pid"))).isFalse();
        assertThat(intent.isAbout(instance(3306, "/var/lib/mysql", "/run/mysqld/other.pid"))).isFalse();
        assertThat(intent.isAbout(instance(3306, "/var/lib/mysql", null))).as("pid file gone from the settings")
                .isFalse();
    }

    @Test
    void anIntentWithoutAPidFileIsNotAboutAnInstanceWithOne() {
        RestartIntent intent = RestartIntent.beforeStop(1, "c", OWNER, instance(3306, "/var/lib/mysql", null), "s",
                STOP);

        assertThat(intent.isAbout(instance(3306, "/var/lib/mysql", null))).isTrue();
        assertThat(intent.isAbout(instance(3306, "/var/lib/mysql", "/run/mysqld/mysqld.pid"))).isFalse();
    }

    @Test
    void theHostDoesNotTellInstancesApart() {
        // the documented identity is data directory, pid file and port: 127.0.0.1 and localhost are one instance
        MySqlInstance byName = new MySqlInstance("localhost", 3306, "other", "other", Path.of("/var/lib/mysql"),
                Path.of("/run/mysqld/mysqld.pid"));

        assertThat(stopping().isAbout(byName)).isTrue();
    }

    @Test
    void describesTheInstanceAsAReaderKnowsIt() {
        assertThat(stopping().describeInstance()).isEqualTo("127.0.0.1:3306 (/var/lib/mysql)");
    }

    @Test
    void theJsonHoldsTheRecordedFieldsOnlyAndNoSecret() throws Exception {
        RestartIntent intent = stopping().provenDown(STOP.plusSeconds(1)).startRequested(STOP.plusSeconds(2))
                .commandRunning(new RunOwner(3, STOP)).givenUp(STOP.plusSeconds(4));

        JsonNode json = new ObjectMapper().valueToTree(intent);

        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("backupId", "configName", "ownerPid", "ownerStartedAt", "host",
                "port", "dataDirectory", "pidFile", "service", "stopRequestedAt", "provenDownAt", "startRequestedAt",
                "commandPid", "commandStartedAt", "givenUpAt");
        assertThat(json.toString()).doesNotContain("secret");
        assertThat(new ObjectMapper().treeToValue(json, RestartIntent.class)).isEqualTo(intent);
    }

    private static MySqlInstance instance(int port, String dataDirectory, String pidFile) {
        return new MySqlInstance("127.0.0.1", port, "backup", "secret", Path.of(dataDirectory),
                pidFile == null ? null : Path.of(pidFile));
    }
}
