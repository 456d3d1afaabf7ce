package org.mysqlbackup.server;

import org.apache.camel.support.service.ServiceSupport;

/** Closes the staging files of open transfers when the server stops; the files stay for resume. */
class TransfersCloser extends ServiceSupport {
    private final IncomingTransfers transfers;

    TransfersCloser(IncomingTransfers transfers) {
        this.transfers = transfers;
    }

    @Override
    protected void doStop() {
        transfers.close();
    }
}
