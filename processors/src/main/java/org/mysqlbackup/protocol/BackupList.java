package org.mysqlbackup.protocol;

import java.util.List;

/**
 * One page of the answer to {@link ListQuery}: a LIST frame (type 11), this record as JSON
 * metadata, no payload. Example, a page with one backup (its SHA-256 64 zeros) and nothing after it:
 * <pre>
 * 00 00 01 20  4D 42  01  0B    00 00 01 18
 * length=288   magic  v1  LIST  M=280
 * {"backups":[{"id":7,"clientId":"db-host-1","configName":"db1","createdAtMs":1764806400000,
 *   "size":1048576,"sha256":"000...000","fileName":"db-host-1_db1_20251204-000000.zip",
 *   "verifyState":null,"drillState":null}],"more":false}      (one line on the wire)
 * </pre>
 * The metadata cap of {@link FrameDecoder} bounds the page; {@link #requireValid()} refuses a page
 * longer than {@link #MAX_PAGE}.
 *
 * @param more true if backups with a larger id follow: ask again after the last one
 */
public record BackupList(List<ListedBackup> backups, boolean more) {
    /** Backups per page: with text fields cut to {@link ListedBackup#MAX_TEXT}, a page stays under 48 KiB. */
    public static final int MAX_PAGE = 50;

    public BackupList {
        backups = backups == null ? List.of() : List.copyOf(backups);
    }

    /** @throws ProtocolException if the page is longer than a server may send */
    public BackupList requireValid() {
        if (backups.size() > MAX_PAGE) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "a LIST page holds at most " + MAX_PAGE
                    + " backups, got " + backups.size());
        }
        return this;
    }
}
