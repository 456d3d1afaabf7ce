package org.mysqlbackup.restore;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.Optional;
import org.mysqlbackup.fetch.ArrivingFile;

/**
 * A backup zip unpacked while it is fetched: reads wait for their chunks (each checked against
 * its SHA-256 on arrival), and the unpacked files go into place only once the whole file's
 * SHA-256 equals the one the server recorded at finalize.
 */
public final class ArrivingZip implements ZipSource {
    private final ArrivingFile file;

    public ArrivingZip(ArrivingFile file) {
        this.file = file;
    }

    @Override
    public String name() {
        try {
            return file.info().fileName();
        } catch (IOException e) {
            return "the fetched backup";
        }
    }

    @Override
    public SeekableByteChannel open() throws IOException {
        return file.channel();
    }

    @Override
    public void awaitIntact() throws IOException {
        file.awaitVerified();
    }

    @Override
    public Optional<IOException> failure() {
        return file.failure();
    }
}
