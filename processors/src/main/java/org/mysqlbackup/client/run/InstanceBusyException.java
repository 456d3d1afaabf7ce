package org.mysqlbackup.client.run;

/** Another backup, or a restart guard, is working on the same data directory. */
public class InstanceBusyException extends IllegalStateException {
    public InstanceBusyException(String message) {
        super(message);
    }
}
