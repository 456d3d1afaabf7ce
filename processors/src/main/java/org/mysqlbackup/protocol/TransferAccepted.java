package org.mysqlbackup.protocol;

/**
 * The server's answer to {@link InitTransfer}. The frame payload is a bitmap
 * ({@link java.util.BitSet#toByteArray()}) of the chunk indexes it already holds, so a resumed
 * transfer sends only the rest.
 */
public record TransferAccepted(String transferId, int chunkCount, int chunksHeld) {
}
