package org.mysqlbackup.server.alerts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes each alert to the log, at WARN, and nowhere else. */
public final class LoggedServerAlerts implements ServerAlerts {
    private static final Logger LOG = LoggerFactory.getLogger(LoggedServerAlerts.class);

    @Override
    public void raise(ServerAlert alert) {
        LOG.warn("{} alert {}{}{}: {} | action: {}", alert.severity(), alert.kind(),
                alert.clientId() == null ? "" : " client " + alert.clientId(),
                alert.configName() == null ? "" : " configuration " + alert.configName(), alert.reason(), alert.action());
    }
}
