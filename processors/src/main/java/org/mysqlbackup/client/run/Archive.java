package org.mysqlbackup.client.run;

import java.nio.file.Path;
import java.util.Optional;
import org.mysqlbackup.snapshot.Captured;
import org.mysqlbackup.snapshot.SnapshotResult;

/**
 * The file a backup ships and how it came to be: planned (its path), captured while MySQL was down
 * (a copy, a clone or, for {@code zip}, the zip itself), then packaged into a complete zip with its
 * checksums. Immutable; the snapshot steps return the next value.
 *
 * @param file     the zip, once its path is known
 * @param size     its size once complete, else 0
 * @param sha256   its SHA-256 once complete; null while it is not
 * @param md5      its MD5 once complete
 * @param owned    false for a file the operator handed to {@code send}: it is never deleted
 * @param captured what the capture took and the packaging has not consumed yet (a copy to zip)
 * @param method   how the data directory was captured: {@code zip}, {@code copy} or {@code reflink}
 * @param note     why {@code method} differs from the configured strategy
 */
public record Archive(Path file, long size, String sha256, String md5, boolean owned, Captured captured,
                      String method, String note) {

    /** Nothing yet. */
    public static final Archive NONE = new Archive(null, 0, null, null, true, null, null, null);

    /** A complete file made earlier, shipped by this run ({@code resume}, {@code send}). */
    public static Archive existing(Path file, long size, String sha256, String md5, boolean owned) {
        return new Archive(file, size, sha256, md5, owned, null, null, null);
    }

    /** The zip this backup will write. */
    public Archive planned(Path zip) {
        return new Archive(zip, 0, null, null, owned, captured, method, note);
    }

    /** What the capture took; the zip of the {@code zip} strategy is complete already. */
    public Archive captured(Captured taken) {
        Archive next = new Archive(file, size, sha256, md5, owned, taken, taken.method(), taken.note());
        return taken.zipped() == null ? next : next.complete(taken.zipped());
    }

    /** The zip is written: path, size and checksums. */
    public Archive complete(SnapshotResult zip) {
        return new Archive(zip.archive(), zip.size(), zip.sha256(), zip.md5(), owned, captured, method, note);
    }

    /** The capture was packaged or discarded: nothing of it is left to clean up. */
    public Archive captureConsumed() {
        return new Archive(file, size, sha256, md5, owned, null, method, note);
    }

    /** The zip exists in full with its checksums: it can be shipped, now or by a resume. */
    public boolean isComplete() {
        return sha256 != null;
    }

    public Optional<Path> zip() {
        return Optional.ofNullable(file);
    }

    public Optional<Captured> pendingCapture() {
        return Optional.ofNullable(captured);
    }

    public Optional<String> snapshotMethod() {
        return Optional.ofNullable(method);
    }

    public Optional<String> snapshotNote() {
        return Optional.ofNullable(note);
    }
}
