package org.mysqlbackup.client.run;

/** A backup cannot succeed, found before MySQL was touched. */
public class PreflightException extends RuntimeException {
    public PreflightException(String message) {
        super(message);
    }
}
