package org.mysqlbackup.server;

import java.time.Clock;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.mysqlbackup.config.LifecycleLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The server's ready line (listening where, on which storage) and its stopped line. */
public class ServerReadyLog extends LifecycleLog {
    private static final Logger LOG = LoggerFactory.getLogger(ServerReadyLog.class);

    public ServerReadyLog(Clock clock, Duration stopWait) {
        super("mysql-backup server", clock, stopWait);
    }

    @Override
    protected void logReady(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        String host = context.resolvePropertyPlaceholders("{{server.host}}");
        String port = context.resolvePropertyPlaceholders("{{server.port}}");
        StorageLayout storage = context.getRegistry().lookupByNameAndType("storageLayout", StorageLayout.class);
        // the receive route requires a client certificate (needClientAuth), so TLS is always mutual
        LOG.info("mysql-backup server ready: listening on {}:{} with TLS (mutual), storage {}", host, port,
                storage == null ? "?" : storage.root());
    }

    @Override
    protected Logger log() {
        return LOG;
    }
}
