package org.mysqlbackup.client;

/** A backup cannot succeed, found before MySQL was touched. */
public class PreflightException extends RuntimeException {
    public PreflightException(String message) {
        super(message);
    }
}
