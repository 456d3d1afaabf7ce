package org.mysqlbackup.drill;

import java.io.IOException;
import java.nio.file.Path;

/** Where the drilled backup's zip comes from: fetched into the scratch folder, or a file already here. */
@FunctionalInterface
public interface BackupSource {
    /**
     * @param folder an empty folder in the drill's scratch folder, removed with it
     * @return the zip; one inside {@code folder} is deleted as soon as it is unpacked
     */
    Path obtain(Path folder) throws IOException;
}
