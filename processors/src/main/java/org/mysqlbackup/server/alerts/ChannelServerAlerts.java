package org.mysqlbackup.server.alerts;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.mysqlbackup.alert.AlertNotifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each server alert through the {@code alert.*} channels (mail, webhook), the log first,
 * the same way the client does (seed property 21: every configured channel gets every critical
 * alert). An alert identical to one sent a short while ago is only logged: see
 * {@link RepeatedAlerts}. Never throws, and never makes the caller wait for a mail server: the
 * sending runs on {@code delivery} (one thread on the server), so a dead SMTP server does not hold
 * up a TLS handshake or a chunk write that raised the alert.
 */
public final class ChannelServerAlerts implements ServerAlerts {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelServerAlerts.class);

    private final AlertNotifier notifier;
    private final String serverName;
    private final RepeatedAlerts repeats;
    private final Clock clock;
    private final Executor delivery;

    /** @param delivery where alerts are sent; {@code Runnable::run} sends them in the caller's thread */
    public ChannelServerAlerts(AlertNotifier notifier, String serverName, RepeatedAlerts repeats, Clock clock,
                               Executor delivery) {
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.serverName = Objects.requireNonNull(serverName, "serverName");
        this.repeats = Objects.requireNonNull(repeats, "repeats");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
    }

    @Override
    public void raise(ServerAlert alert) {
        try {
            ServerAlertMessage message = new ServerAlertMessage(serverName, alert, clock.instant());
            if (!repeats.firstIn(alert, message.time())) {
                LOG.info("Alert not sent again (identical one sent recently): {}", message.subject());
                return;
            }
            delivery.execute(() -> send(message));
        } catch (RejectedExecutionException e) { // the server is stopping
            LOG.error("Could not send the {} alert, the server is stopping: {} | {}", alert.kind(), alert.reason(),
                    alert.action());
        } catch (RuntimeException e) { // an alert that cannot be sent must not fail the work that raised it
            LOG.error("Could not send the {} alert: {}", alert.kind(), e.toString());
        }
    }

    private void send(ServerAlertMessage message) {
        try {
            notifier.notify(message);
        } catch (RuntimeException e) {
            LOG.error("Could not send the {} alert: {}", message.alert().kind(), e.toString());
        }
    }
}
