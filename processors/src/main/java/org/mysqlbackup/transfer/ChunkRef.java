package org.mysqlbackup.transfer;

/** One chunk still to send: which, where it starts, how long. The bytes are read only when it is sent. */
public record ChunkRef(int index, long offset, int length) {
}
