package org.mysqlbackup.server;

import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.tls.AuthenticatedChannels;
import org.mysqlbackup.tls.RevocationList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts off clients whose certificate was revoked while they are connected: re-reads the
 * revocation list if it changed, closes their connections and their open transfers in memory.
 * A transfer's staging file and resume data stay, so a client with a new certificate resumes it.
 * Run by the route {@code server-revocation-watch}; new connections are checked at each handshake
 * anyway.
 */
public class RevocationWatch implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(RevocationWatch.class);

    private final RevocationList revocations;
    private final AuthenticatedChannels channels;
    private final IncomingTransfers transfers;

    public RevocationWatch(RevocationList revocations, AuthenticatedChannels channels, IncomingTransfers transfers) {
        this.revocations = revocations;
        this.channels = channels;
        this.transfers = transfers;
    }

    @Override
    public void process(Exchange exchange) {
        check();
    }

    public void check() {
        for (AuthenticatedChannels.Closed closed : channels.closeRevoked(revocations.current())) {
            List<String> ids = transfers.closeClient(closed.clientId());
            LOG.warn("Closed the connection of client {} from {}: its certificate (serial {}) is revoked;"
                    + " open transfers closed: {}", closed.clientId(), closed.remote(), closed.serial(),
                    ids.isEmpty() ? "none" : String.join(", ", ids));
        }
    }
}
