package org.mysqlbackup.protocol;

/**
 * The file passed the whole-file checks and was moved into place.
 *
 * @param storedName file name it got on the server
 * @param storedPath path relative to the server's storage root
 */
public record TransferStored(String transferId, String storedName, String storedPath, long size, String sha256,
                             String md5) {
}
