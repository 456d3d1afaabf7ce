package org.mysqlbackup.restore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Where {@link ArchiveExtractor} reads a backup zip from: a file on disk, or one still arriving
 * (a fetch the unpacking runs behind). The extractor asks {@link #awaitIntact()} after the last
 * file is written and before anything goes into place, so an archive found damaged as a whole
 * (its SHA-256) leaves the target as it was.
 */
public interface ZipSource {
    /** The archive's name, for messages. */
    String name();

    /** A new read channel over the archive; its reads may wait for bytes still arriving. */
    SeekableByteChannel open() throws IOException;

    /** Returns once the archive as a whole is known good; throws when it is not. */
    void awaitIntact() throws IOException;

    /**
     * Why the source stopped delivering bytes, if it did (a fetch cut or found damaged): a read
     * that failed then failed for this reason, not because the archive is malformed.
     */
    default Optional<IOException> failure() {
        return Optional.empty();
    }

    /** A zip on disk, whole: nothing to wait for. */
    static ZipSource of(Path zip) {
        return new ZipSource() {
            @Override
            public String name() {
                return zip.getFileName().toString();
            }

            @Override
            public SeekableByteChannel open() throws IOException {
                return FileChannel.open(zip, StandardOpenOption.READ);
            }

            @Override
            public void awaitIntact() {
            }
        };
    }
}
