package org.mysqlbackup.verify;

import java.time.Duration;

/**
 * The result of re-reading one stored file.
 *
 * @param result    intact, corrupt or missing
 * @param reason    what is wrong, for the operator; null when intact
 * @param bytesRead bytes read from the disk
 * @param took      how long the read took
 */
public record Verdict(VerifyResult result, String reason, long bytesRead, Duration took) {

    public static Verdict missing(String reason) {
        return new Verdict(VerifyResult.MISSING, reason, 0, Duration.ZERO);
    }

    public boolean intact() {
        return result == VerifyResult.INTACT;
    }
}
