package org.mysqlbackup.drill;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mysqlbackup.mysql.CommandFailedException;
import org.mysqlbackup.mysql.CommandResult;
import org.mysqlbackup.mysql.CommandRunner;

/**
 * The {@code mariadbd} (or {@code mysqld}) this host has for drills: the configured one
 * ({@code drill.server-binary}) or the first on PATH and in the sbin folders PATH often lacks.
 */
public record ServerBinary(Path path) {
    private static final List<String> NAMES = List.of("mariadbd", "mysqld");
    private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/mysql/bin");
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(30);

    /** @throws DrillNotPossibleException if there is none */
    public static ServerBinary locate(Optional<Path> configured) {
        if (configured.isPresent()) {
            Path path = configured.get();
            if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                throw new DrillNotPossibleException("drill.server-binary names " + path
                        + ", which is not an executable file; point it at the mariadbd or mysqld to drill with");
            }
            return new ServerBinary(path);
        }
        List<String> dirs = new ArrayList<>();
        String pathVariable = System.getenv("PATH");
        if (pathVariable != null) {
            dirs.addAll(List.of(pathVariable.split(File.pathSeparator)));
        }
        dirs.addAll(EXTRA_DIRS);
        for (String name : NAMES) {
            for (String dir : dirs) {
                Path candidate = dir.isEmpty() ? null : Path.of(dir, name);
                if (candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return new ServerBinary(candidate);
                }
            }
        }
        throw new DrillNotPossibleException("no mariadbd or mysqld on PATH or in /usr/sbin: a drill boots the backup"
                + " on a local server; install the server package of the backup's version (e.g. mariadb-server)"
                + " or set drill.server-binary");
    }

    /** {@code --version}, e.g. MariaDB 10.11. */
    public ServerVersion version(CommandRunner runner) {
        CommandResult result;
        try {
            result = runner.run(List.of(path.toString(), "--no-defaults", "--version"), VERSION_TIMEOUT);
        } catch (CommandFailedException e) {
            throw new DrillNotPossibleException("cannot ask " + path + " for its version: " + e.getMessage(), e);
        }
        if (!result.succeeded()) {
            throw new DrillNotPossibleException(path + " --version exited with " + result.exitCode() + ": "
                    + result.output().strip());
        }
        return ServerVersion.parse(result.output()).orElseThrow(() -> new DrillNotPossibleException(
                path + " --version printed no version: " + result.output().strip()));
    }
}
