package org.mysqlbackup.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mysqlbackup.alert.AlertSeverity;
import org.mysqlbackup.server.alerts.ServerAlert;
import org.mysqlbackup.server.alerts.ServerAlertKind;
import org.mysqlbackup.server.alerts.ServerAlerts;
import org.mysqlbackup.tls.HandshakeRefusalListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every client refused at the TLS handshake (WARN, with its client id and address) and
 * raises {@link ServerAlertKind#HANDSHAKE_REFUSED} once the same client (its certificate's CN, or
 * its address when it presented none) was refused {@code after} times within {@code interval};
 * then at most once per {@code interval} for that client, so a client retrying every few seconds
 * does not flood anyone's mailbox.
 */
public final class HandshakeRefusals implements HandshakeRefusalListener {
    private static final Logger LOG = LoggerFactory.getLogger(HandshakeRefusals.class);
    /** Beyond this many clients tracked (a scan from many addresses), quiet ones are forgotten. */
    private static final int MAX_TRACKED = 10_000;

    private final ServerAlerts alerts;
    private final int after;
    private final Duration interval;
    private final Clock clock;
    private final Map<String, Window> byClient = new ConcurrentHashMap<>();

    public HandshakeRefusals(ServerAlerts alerts, int after, Duration interval, Clock clock) {
        if (after < 1) {
            throw new IllegalArgumentException("tls.handshake-alert-after must be at least 1");
        }
        this.alerts = alerts;
        this.after = after;
        this.interval = interval;
        this.clock = clock;
    }

    @Override
    public void refused(String clientId, String remote, String reason) {
        LOG.warn("TLS handshake refused: client {} from {}: {}", clientId == null ? "(no id)" : clientId, remote,
                reason);
        String key = clientId != null ? "id:" + clientId : "address:" + host(remote);
        Instant now = clock.instant();
        if (byClient.size() > MAX_TRACKED) {
            byClient.values().removeIf(window -> window.quietSince(now.minus(interval)));
        }
        boolean raise = byClient.computeIfAbsent(key, k -> new Window()).refused(now, after, interval);
        if (raise) {
            alerts.raise(new ServerAlert(ServerAlertKind.HANDSHAKE_REFUSED, AlertSeverity.FAILURE, clientId, null,
                    (clientId == null ? "a client at " + remote : "client " + clientId + " (last from " + remote + ")")
                            + " was refused at the TLS handshake at least " + after + " times within "
                            + interval.toMinutes() + " min; last reason: " + reason,
                    "If this client should back up here, issue it a new certificate (backup-server certs client"
                            + " --id ID) and install it; if not, find out who runs it: a revoked or foreign"
                            + " certificate may be stolen."));
        }
    }

    /** How many clients (ids or hosts) are being counted. */
    int tracked() {
        return byClient.size();
    }

    /** The host part of {@code host:port}: a client reconnecting comes from a new port each time. */
    private static String host(String remote) {
        int colon = remote.lastIndexOf(':');
        return colon > 0 ? remote.substring(0, colon) : remote;
    }

    /** Refusal times within the interval, and when the last alert went out. */
    private static final class Window {
        private final Deque<Instant> times = new ArrayDeque<>();
        private Instant lastAlert;

        /** No refusal and no alert since {@code since}: forgetting it changes nothing. */
        synchronized boolean quietSince(Instant since) {
            return (times.isEmpty() || !times.peekLast().isAfter(since))
                    && (lastAlert == null || !lastAlert.isAfter(since));
        }

        synchronized boolean refused(Instant now, int after, Duration interval) {
            times.addLast(now);
            while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(interval))) {
                times.removeFirst();
            }
            while (times.size() > after) {
                times.removeFirst();
            }
            if (times.size() >= after && (lastAlert == null || !lastAlert.isAfter(now.minus(interval)))) {
                lastAlert = now;
                return true;
            }
            return false;
        }
    }
}
