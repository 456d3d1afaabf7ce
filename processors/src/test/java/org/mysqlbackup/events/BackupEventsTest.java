package org.mysqlbackup.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The publisher's bounded queue: publishing never waits, drops are counted, a failing listener harms no other. */
class BackupEventsTest {
    private final BackupEvents events = new BackupEvents(10, "test", Duration.ofMinutes(1));

    @AfterEach
    void stop() {
        events.stop();
    }

    @Test
    void aStuckListenerNeverBlocksThePublisherAndTheOverflowIsCounted() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        events.subscribe(event -> {
            entered.countDown();
            await(release);
        });
        events.start();
        assertThat(events.publish(event(0))).isTrue();
        assertThat(entered.await(5, TimeUnit.SECONDS)).as("the listener holds the first event").isTrue();

        long start = System.nanoTime();
        int accepted = 0;
        for (int i = 1; i <= 25; i++) {
            accepted += events.publish(event(i)) ? 1 : 0;
        }
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(accepted).as("the queue holds 10").isEqualTo(10);
        assertThat(events.dropped()).isEqualTo(15);
        assertThat(events.pending()).isEqualTo(10);
        assertThat(tookMs).as("25 publishes to a full queue do not wait for the listener").isLessThan(1000);
        release.countDown();
        assertThat(events.drain(Duration.ofSeconds(5))).isTrue();
        assertThat(events.dropped()).isEqualTo(15);
    }

    @Test
    void listenersGetEveryEventInOrderAndOneThatThrowsDoesNotStopTheOthers() {
        List<Long> seen = new CopyOnWriteArrayList<>();
        events.subscribe(event -> {
            throw new IllegalStateException("endpoint down");
        });
        events.subscribe(event -> seen.add(event.backupId()));
        events.start();
        for (int i = 0; i < 5; i++) {
            events.publish(event(i));
        }

        assertThat(events.drain(Duration.ofSeconds(5))).isTrue();
        assertThat(seen).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(events.dropped()).isZero();
    }

    @Test
    void withoutListenersNothingIsQueued() {
        events.start();
        assertThat(events.publish(event(1))).isFalse();
        assertThat(events.pending()).isZero();
        assertThat(events.dropped()).isZero();
    }

    @Test
    void anUnsubscribedListenerGetsNothingMore() throws Exception {
        List<Long> seen = new CopyOnWriteArrayList<>();
        AutoCloseable subscription = events.subscribe(event -> seen.add(event.backupId()));
        events.subscribe(event -> { });
        events.start();
        events.publish(event(1));
        events.drain(Duration.ofSeconds(5));
        subscription.close();
        events.publish(event(2));
        events.drain(Duration.ofSeconds(5));

        assertThat(seen).containsExactly(1L);
    }

    @Test
    void eventsLeftAtStopAreCountedAsDropped() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        events.subscribe(event -> await(release));
        events.start();
        for (int i = 0; i < 6; i++) {
            events.publish(event(i));
        }
        assertThat(events.drain(Duration.ofMillis(200))).as("a stuck endpoint: the drain gives up").isFalse();
        events.stop();
        release.countDown();

        assertThat(events.dropped()).as("what was still queued").isGreaterThanOrEqualTo(5);
    }

    private static BackupEvent event(long id) {
        return BackupEvent.of(EventType.BACKUP_STEP, "client", Instant.now()).backupId(id).build();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
