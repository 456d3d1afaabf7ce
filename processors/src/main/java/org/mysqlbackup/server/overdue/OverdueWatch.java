package org.mysqlbackup.server.overdue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.alert.AlertSeverity;
import org.mysqlbackup.db.Times;
import org.mysqlbackup.server.alerts.ServerAlert;
import org.mysqlbackup.server.alerts.ServerAlertKind;
import org.mysqlbackup.server.alerts.ServerAlerts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead man's switch. A configuration's next Completed backup is due one interval after its
 * newest one (or after the server started watching it, when none ever completed); once that is
 * more than the grace period ago, one OVERDUE alert goes out, and one BACK_TO_NORMAL when a
 * Completed backup makes it on time again. Which configurations are alerted is stored, so a
 * check after a restart neither repeats an alert nor forgets to clear it. Runs on the
 * {@code server-overdue} route.
 */
public class OverdueWatch implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(OverdueWatch.class);

    private final OverdueStore store;
    private final List<Expectation> configured;
    private final Duration grace;
    private final ServerAlerts alerts;
    private final Clock clock;

    public OverdueWatch(OverdueStore store, List<Expectation> configured, Duration grace, ServerAlerts alerts,
                        Clock clock) {
        this.store = store;
        this.configured = List.copyOf(configured);
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative");
        }
        this.grace = grace;
        this.alerts = alerts;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        check();
    }

    /** One check of every expectation: alerts what became late or on time since the last one. */
    public void check() {
        Instant now = clock.instant();
        for (Expectation e : store.expectations(configured)) {
            OverdueStore.State state = store.state(e.clientId(), e.configName(), now);
            Optional<Instant> last = store.lastCompleted(e.clientId(), e.configName());
            Instant due = dueAt(e, last.orElse(null), state.watchedSince());
            boolean late = !now.isBefore(due.plus(grace));
            if (late && state.overdueSince() == null) {
                // stored first: a crash after it costs this alert, never repeats it after every restart
                if (store.markOverdue(e.clientId(), e.configName(), due)) {
                    alerts.raise(overdue(e, last.orElse(null), due));
                }
            } else if (!late && state.overdueSince() != null) {
                if (store.clearOverdue(e.clientId(), e.configName())) {
                    alerts.raise(backToNormal(e, last.orElse(null), state.overdueSince()));
                }
            }
        }
    }

    /** The configurations late now (due more than the grace period ago), as the command lists them. */
    public List<LateBackup> late() {
        Instant now = clock.instant();
        List<LateBackup> late = new ArrayList<>();
        for (Expectation e : store.expectations(configured)) {
            Optional<OverdueStore.State> state = store.storedState(e.clientId(), e.configName());
            Instant watchedSince = state.map(OverdueStore.State::watchedSince).orElse(now);
            Instant last = store.lastCompleted(e.clientId(), e.configName()).orElse(null);
            Instant due = dueAt(e, last, watchedSince);
            if (!now.isBefore(due.plus(grace))) {
                late.add(new LateBackup(e, last, due, state.map(s -> s.overdueSince() != null).orElse(false)));
            }
        }
        return late;
    }

    static Instant dueAt(Expectation e, Instant lastCompleted, Instant watchedSince) {
        return (lastCompleted == null ? watchedSince : lastCompleted).plus(e.interval());
    }

    private ServerAlert overdue(Expectation e, Instant last, Instant due) {
        LOG.warn("Client {}, configuration {}: no Completed backup since {}; the next was due at {}", e.clientId(),
                e.configName(), last == null ? "ever" : Times.format(last), Times.format(due));
        return new ServerAlert(ServerAlertKind.OVERDUE, AlertSeverity.CRITICAL, e.clientId(), e.configName(),
                "no Completed backup " + (last == null ? "was ever stored" : "since " + Times.format(last))
                        + "; one was due at " + Times.format(due) + " (every " + describe(e.interval())
                        + ", from " + e.source() + ", plus " + describe(grace) + " of grace)",
                "Look at the client: is its daemon running (systemctl status), do its backups fail (backup-client"
                        + " history), can it reach this server? backup-server overdue lists every late"
                        + " configuration. An alert says when it is back to normal.");
    }

    private ServerAlert backToNormal(Expectation e, Instant last, Instant overdueSince) {
        // the severity of the OVERDUE it clears, so it reaches everyone who got that one
        return new ServerAlert(ServerAlertKind.BACK_TO_NORMAL, AlertSeverity.CRITICAL, e.clientId(), e.configName(),
                "a Completed backup was stored at " + (last == null ? "(unknown)" : Times.format(last))
                        + "; it had been overdue since " + Times.format(overdueSince),
                "Nothing to do; the OVERDUE alert of this configuration is over.");
    }

    static String describe(Duration d) {
        if (d.toMillis() % 3_600_000 == 0 && !d.isZero()) {
            return d.toHours() + " h";
        }
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + " s";
        }
        return d.toMillis() + " ms";
    }
}
