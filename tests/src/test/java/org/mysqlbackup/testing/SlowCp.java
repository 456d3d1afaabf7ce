package org.mysqlbackup.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * A folder to put first on a client process's PATH, holding a {@code cp} that waits before it runs
 * the real one: the {@code copy} (with {@code snapshot.copy-method=cp}) and {@code reflink}
 * strategies then capture for at least that long, so a test can act "mid-capture" on purpose.
 */
public final class SlowCp {
    private SlowCp() {
    }

    /** @return the environment of a process whose {@code cp} sleeps {@code seconds} first */
    public static Map<String, String> environment(Path folder, double seconds) throws IOException {
        Files.createDirectories(folder);
        Path cp = folder.resolve("cp");
        Files.writeString(cp, "#!/bin/sh\n# test shim: a slow copy\ncase \"$1\" in --version) ;; *) sleep "
                + seconds + " ;; esac\nexec /bin/cp \"$@\"\n");
        Files.setPosixFilePermissions(cp, PosixFilePermissions.fromString("rwxr-xr-x"));
        return Map.of("PATH", folder + ":" + System.getenv("PATH"));
    }
}
