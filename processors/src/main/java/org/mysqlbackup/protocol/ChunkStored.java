package org.mysqlbackup.protocol;

/** The server verified chunk {@code index} and wrote it to stable storage. */
public record ChunkStored(String transferId, int index) {
}
