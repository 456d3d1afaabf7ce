package org.mysqlbackup.protocol;

/** Every chunk has been acknowledged; the server may verify and file the whole file. */
public record FinalizeTransfer(String transferId) {
}
