package org.mysqlbackup.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two lines an operator (and systemd's journal) looks for: the server is ready, listening
 * where and on which storage, once everything has started; and it has stopped.
 */
public class ServerReadyLog extends MainListenerSupport {
    private static final Logger LOG = LoggerFactory.getLogger(ServerReadyLog.class);

    private final Clock clock;
    private Instant readyAt;

    public ServerReadyLog(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void afterStart(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        String host = context.resolvePropertyPlaceholders("{{server.host}}");
        String port = context.resolvePropertyPlaceholders("{{server.port}}");
        StorageLayout storage = context.getRegistry().lookupByNameAndType("storageLayout", StorageLayout.class);
        readyAt = clock.instant();
        // the receive route requires a client certificate (needClientAuth), so TLS is always mutual
        LOG.info("mysql-backup server ready: listening on {}:{} with TLS (mutual), storage {}", host, port,
                storage == null ? "?" : storage.root());
    }

    @Override
    public void afterStop(BaseMainSupport main) {
        LOG.info("mysql-backup server stopped{}", readyAt == null ? " before it was ready"
                : " after " + Duration.between(readyAt, clock.instant()).withNanos(0));
    }
}
