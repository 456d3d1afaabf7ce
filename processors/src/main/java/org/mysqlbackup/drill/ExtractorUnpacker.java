package org.mysqlbackup.drill;

import java.io.IOException;
import java.nio.file.Path;
import org.mysqlbackup.restore.ArchiveExtractor;
import org.mysqlbackup.restore.ArchiveRefusedException;
import org.mysqlbackup.restore.ExtractedBackup;

/** The drill unpacks through the restore's {@link ArchiveExtractor}: the same checks as a real restore. */
public final class ExtractorUnpacker implements Unpacker {
    private final ArchiveExtractor extractor;

    public ExtractorUnpacker(ArchiveExtractor extractor) {
        this.extractor = extractor;
    }

    @Override
    public Unpacked unpack(Path zip, Path target) throws IOException {
        try {
            ExtractedBackup extracted = extractor.extract(zip, target, (done, total) -> { });
            return new Unpacked(extracted.dataDirectory(), extracted.manifest());
        } catch (ArchiveRefusedException e) {
            // its message names the archive and what was refused
            throw new IOException(e.getMessage(), e);
        }
    }
}
