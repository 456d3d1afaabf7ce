package org.mysqlbackup.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import ch.qos.logback.classic.Level;

/**
 * Seed property 21, Critical Error Alerting: for any critical error, the notification goes
 * through all configured alert channels. Whatever channels fail and how often, every channel is
 * tried; one that recovers within the attempt limit receives the alert exactly once, and exactly
 * the others are reported as failed, each after the full number of attempts.
 */
class CriticalAlertReachesAllChannelsPropertyTest {
    private final CapturedLog log = new CapturedLog(AlertNotifier.class);

    @AfterProperty
    void releaseLog() {
        log.close();
    }

    @Property(tries = 200, seed = "2718281828459045235")
    void everyChannelIsTriedAndExactlyTheUnrecoveredOnesFail(
            @ForAll("failuresBeforeSuccess") List<Integer> failuresPerChannel,
            @ForAll @IntRange(min = 1, max = 4) int attemptLimit) {
        List<RecordingChannel> channels = new ArrayList<>();
        for (int i = 0; i < failuresPerChannel.size(); i++) {
            channels.add(new RecordingChannel("channel-" + i, failuresPerChannel.get(i)));
        }
        AlertNotifier notifier = new AlertNotifier(List.copyOf(channels), AlertSeverity.FAILURE, attemptLimit,
                Duration.ofMillis(10), duration -> { });
        Alert alert = SampleAlerts.critical();

        log.clear();
        AlertReport report = notifier.notify(alert);

        assertThat(log.messages(Level.ERROR)).as("the log has the alert whatever the channels do")
                .filteredOn(line -> line.startsWith("CRITICAL")).hasSize(1);

        List<String> expectDelivered = new ArrayList<>();
        List<String> expectFailed = new ArrayList<>();
        for (int i = 0; i < channels.size(); i++) {
            RecordingChannel channel = channels.get(i);
            int failures = failuresPerChannel.get(i);
            if (failures < attemptLimit) {
                assertThat(channel.delivered()).as("%s failing %d times, limit %d", channel.name(), failures,
                        attemptLimit).containsExactly(alert);
                assertThat(channel.attempts()).isEqualTo(failures + 1);
                expectDelivered.add(channel.name());
            } else {
                assertThat(channel.delivered()).isEmpty();
                assertThat(channel.attempts()).as("%s gets every attempt", channel.name()).isEqualTo(attemptLimit);
                expectFailed.add(channel.name());
            }
        }
        assertThat(report.filtered()).isFalse();
        assertThat(report.delivered()).containsExactlyElementsOf(expectDelivered);
        assertThat(report.failed()).extracting(AlertReport.ChannelFailure::channel)
                .containsExactlyElementsOf(expectFailed);
        assertThat(report.failed()).allSatisfy(failure -> assertThat(failure.attempts()).isEqualTo(attemptLimit));
    }

    @Provide
    Arbitrary<List<Integer>> failuresBeforeSuccess() {
        return Arbitraries.integers().between(0, 5).list().ofMinSize(1).ofMaxSize(6);
    }
}
