package org.mysqlbackup.client.guard;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** One pass of the daemon's restart guard (routes client-recover-on-start, client-restart-guard). */
public class GuardSweep implements Processor {
    private final DeadRuns deadRuns;
    private final DeadRuns.Scope scope;

    public GuardSweep(DeadRuns deadRuns, DeadRuns.Scope scope) {
        this.deadRuns = deadRuns;
        this.scope = scope;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().setBody(deadRuns.recover(scope));
    }
}
