package org.mysqlbackup.config;

/** A port an app is to listen on is taken: the message says which, by whom, and a free one to use. */
public class PortInUseException extends RuntimeException {
    public PortInUseException(String message) {
        super(message);
    }
}
