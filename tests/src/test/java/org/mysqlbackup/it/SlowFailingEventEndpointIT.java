package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.client.BackupSummary;
import org.mysqlbackup.client.run.BackupStatus;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.SampleSite;

/**
 * An event endpoint that takes {@value #SLOW_MS} ms for each event and then throws, listed before
 * a working one: the backup of a sandbox MariaDB still completes, takes about as long as the same
 * backup without events, and the working endpoint still gets every event.
 */
class SlowFailingEventEndpointIT {
    static final long SLOW_MS = 700;

    private static SampleSite site;

    /** A {@code class:} endpoint that is slow, then fails. */
    public static class SlowBrokenEndpoint {
        public void take(String body) throws InterruptedException {
            Thread.sleep(SLOW_MS);
            throw new IllegalStateException("the ESB refuses the event");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        site = SampleSite.start(SlowFailingEventEndpointIT.class);
    }

    @AfterAll
    static void stop() {
        site.close();
    }

    @Test
    void theBackupCompletesInItsUsualTimeAndTheOtherEndpointGetsEveryEvent() throws Exception {
        BackupSummary without = client("without-events").backupNow();
        BlockingQueue<Exchange> working = new LinkedBlockingQueue<>();
        BackupClientFixture withBroken = client("broken-events")
                .set("events.uris", "class:" + SlowBrokenEndpoint.class.getName() + "?method=take,"
                        + "seda:working-it?queue=#workingEvents")
                // the test waits for every event at the stop, to count them
                .set("events.drain-timeout-ms", "120000")
                .with(context -> context.getRegistry().bind("workingEvents", working));
        BackupSummary with = withBroken.backupNow();

        assertThat(without.status()).as("outcome: %s", without.error()).isEqualTo("Completed");
        assertThat(with.status()).as("outcome: %s", with.error()).isEqualTo("Completed");
        assertThat(withBroken.logs().find(with.backupId()).orElseThrow().status()).isEqualTo(BackupStatus.Completed);
        assertThat(site.server().logs().stream().filter(r -> r.status().equals("Completed")).count()).isEqualTo(2);

        List<String> events = working.stream().map(e -> e.getMessage().getBody(String.class)).toList();
        assertThat(events.get(0)).contains("\"event\":\"backup.started\"");
        assertThat(events.get(events.size() - 1)).contains("\"event\":\"backup.completed\"");
        long slack = without.durationMs() / 2 + 1000;
        assertThat(events.size() * SLOW_MS).as("a publisher that waited for the endpoint would exceed the slack")
                .isGreaterThan(slack);
        assertThat(with.durationMs()).as("with the slow, failing endpoint (without: %d ms)", without.durationMs())
                .isLessThanOrEqualTo(without.durationMs() + slack);
    }

    private static BackupClientFixture client(String name) throws Exception {
        Path work = site.work().resolve(name);
        return new BackupClientFixture(work, site.mysql(), site.server().port(),
                site.certs().properties(site.certs().client(name)));
    }
}
