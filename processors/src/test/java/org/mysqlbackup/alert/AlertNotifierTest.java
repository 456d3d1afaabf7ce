package org.mysqlbackup.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The notifier delivers to every channel whatever the others do, retries each a bounded number
 * of times with a doubling pause, keeps alerts below the minimum severity in the log, and reports
 * who delivered and who gave up.
 */
class AlertNotifierTest {
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private final CapturedLog log = new CapturedLog(AlertNotifier.class);

    @AfterEach
    void releaseLog() {
        log.close();
    }

    private AlertNotifier notifier(AlertSeverity min, int attempts, AlertChannel... channels) {
        return new AlertNotifier(List.of(channels), min, attempts, Duration.ofMillis(100), pauses::add);
    }

    @Test
    void aFailingChannelDoesNotStopTheOthers() {
        RecordingChannel mail = RecordingChannel.working("mail");
        RecordingChannel broken = RecordingChannel.broken("webhook");
        RecordingChannel pager = RecordingChannel.working("pager");
        Alert alert = SampleAlerts.critical();

        AlertReport report = notifier(AlertSeverity.FAILURE, 3, broken, mail, pager).notify(alert);

        assertThat(mail.delivered()).containsExactly(alert);
        assertThat(pager.delivered()).containsExactly(alert);
        assertThat(report.delivered()).containsExactly("mail", "pager");
        assertThat(report.failed()).singleElement().satisfies(failure -> {
            assertThat(failure.channel()).isEqualTo("webhook");
            assertThat(failure.attempts()).isEqualTo(3);
            assertThat(failure.reason()).contains("webhook is down (attempt 3)");
        });
        assertThat(report.allDelivered()).isFalse();
        assertThat(report.filtered()).isFalse();
        assertThat(log.messages(Level.ERROR)).anySatisfy(line -> assertThat(line)
                .contains("'webhook' gave up after 3 attempt(s)", "webhook is down (attempt 3)", alert.subject()));
        assertThat(log.messages(Level.WARN)).hasSize(2).allSatisfy(line -> assertThat(line).contains("'webhook'"));
    }

    @Test
    void aChannelThatThrowsAnErrorDoesNotStopTheOthersEither() {
        AlertChannel linkageError = new AlertChannel() {
            @Override
            public String name() {
                return "broken-jar";
            }

            @Override
            public void send(AlertMessage alert) {
                throw new NoClassDefFoundError("jakarta/mail/Transport");
            }
        };
        RecordingChannel webhook = RecordingChannel.working("webhook");

        AlertReport report = notifier(AlertSeverity.FAILURE, 2, linkageError, webhook).notify(SampleAlerts.critical());

        assertThat(webhook.delivered()).hasSize(1);
        assertThat(report.failed()).extracting(AlertReport.ChannelFailure::reason)
                .containsExactly("NoClassDefFoundError: jakarta/mail/Transport");
    }

    @Test
    void retriesUpToTheLimitWithADoublingPause() {
        RecordingChannel flaky = new RecordingChannel("mail", 3);

        AlertReport report = notifier(AlertSeverity.FAILURE, 4, flaky).notify(SampleAlerts.failure());

        assertThat(flaky.attempts()).isEqualTo(4);
        assertThat(flaky.delivered()).hasSize(1);
        assertThat(report.delivered()).containsExactly("mail");
        assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void givesUpAtTheLimitWithoutAPauseAfterTheLastAttempt() {
        RecordingChannel broken = RecordingChannel.broken("mail");

        AlertReport report = notifier(AlertSeverity.FAILURE, 3, broken).notify(SampleAlerts.failure());

        assertThat(broken.attempts()).isEqualTo(3);
        assertThat(report.failed()).extracting(AlertReport.ChannelFailure::attempts).containsExactly(3);
        assertThat(pauses).hasSize(2);
    }

    @Test
    void aDeliveredAlertIsNotSentAgain() {
        RecordingChannel mail = RecordingChannel.working("mail");

        notifier(AlertSeverity.FAILURE, 3, mail).notify(SampleAlerts.critical());

        assertThat(mail.attempts()).isEqualTo(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void aCriticalAlertIsLoggedAsAnErrorNamedCriticalAndAFailureAsAWarning() {
        AlertNotifier notifier = notifier(AlertSeverity.FAILURE, 1);

        notifier.notify(SampleAlerts.critical());
        notifier.notify(SampleAlerts.failure());

        assertThat(log.messages(Level.ERROR)).singleElement().satisfies(line -> assertThat(line)
                .startsWith("CRITICAL")
                .contains(SampleAlerts.critical().subject(), "backup id 42", SampleAlerts.critical().reason(),
                        SampleAlerts.critical().action()));
        assertThat(log.messages(Level.WARN)).singleElement().satisfies(line -> assertThat(line)
                .contains(SampleAlerts.failure().subject(), SampleAlerts.failure().action()));
    }

    @Test
    void belowTheMinimumSeverityOnlyTheLogGetsIt() {
        RecordingChannel mail = RecordingChannel.working("mail");
        AlertNotifier criticalOnly = notifier(AlertSeverity.CRITICAL, 3, mail);

        AlertReport failure = criticalOnly.notify(SampleAlerts.failure());
        assertThat(failure.filtered()).isTrue();
        assertThat(failure.loggedOnly()).isTrue();
        assertThat(mail.attempts()).isZero();
        assertThat(log.messages(Level.WARN)).singleElement().asString().contains(SampleAlerts.failure().subject());

        AlertReport critical = criticalOnly.notify(SampleAlerts.critical());
        assertThat(critical.filtered()).isFalse();
        assertThat(critical.delivered()).containsExactly("mail");
    }

    @Test
    void theDefaultMinimumPassesFailuresToo() {
        RecordingChannel mail = RecordingChannel.working("mail");

        AlertReport report = notifier(AlertSeverity.FAILURE, 1, mail).notify(SampleAlerts.failure());

        assertThat(report.delivered()).containsExactly("mail");
    }

    @Test
    void withoutChannelsTheAlertIsLoggedOnly() {
        AlertReport report = notifier(AlertSeverity.FAILURE, 3).notify(SampleAlerts.critical());

        assertThat(report.loggedOnly()).isTrue();
        assertThat(report.filtered()).isFalse();
        assertThat(report.allDelivered()).isTrue();
        assertThat(log.messages(Level.ERROR)).singleElement().asString().startsWith("CRITICAL");
    }

    @Test
    void anInterruptCutsRetriesShortButEveryChannelStillGetsAnAttempt() {
        RecordingChannel flaky = new RecordingChannel("mail", 1);
        RecordingChannel webhook = RecordingChannel.working("webhook");
        AlertNotifier notifier = new AlertNotifier(List.of(flaky, webhook), AlertSeverity.FAILURE, 3,
                Duration.ofMillis(100), duration -> {
                    throw new InterruptedException("shutting down");
                });

        AlertReport report;
        try {
            report = notifier.notify(SampleAlerts.critical());
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
        } finally {
            Thread.interrupted();
        }

        assertThat(flaky.attempts()).isEqualTo(1);
        assertThat(webhook.delivered()).hasSize(1);
        assertThat(report.failed()).extracting(AlertReport.ChannelFailure::channel).containsExactly("mail");
    }

    @Test
    void concurrentAlertsAreEachDeliveredToEveryChannel() throws Exception {
        RecordingChannel mail = RecordingChannel.working("mail");
        RecordingChannel webhook = new RecordingChannel("webhook", 5);
        AlertNotifier notifier = notifier(AlertSeverity.FAILURE, 10, mail, webhook);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread thread = new Thread(() -> notifier.notify(SampleAlerts.critical()));
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join(5000);
        }

        assertThat(mail.delivered()).hasSize(8);
        assertThat(webhook.delivered()).hasSize(8);
    }

    @Test
    void rejectsSettingsThatWouldLoseAlerts() {
        assertThatThrownBy(() -> notifier(AlertSeverity.FAILURE, 0, RecordingChannel.working("mail")))
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> notifier(AlertSeverity.FAILURE, 1, RecordingChannel.working("mail"),
                RecordingChannel.working("mail"))).hasMessageContaining("'mail'");
    }
}
