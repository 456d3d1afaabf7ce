package org.mysqlbackup.drill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.mysql.CommandRunner;
import org.mysqlbackup.restore.ArchiveExtractor;
import org.mysqlbackup.restore.ExtractionLimits;

/**
 * The {@code drill.*} keys, shared by client and server:
 * <ul>
 *   <li>{@code drill.scratch-dir}: where scratch folders go (default given by the app: a folder of its work dir)</li>
 *   <li>{@code drill.server-binary}: the mariadbd/mysqld to boot (default: found on PATH or in /usr/sbin)</li>
 *   <li>{@code drill.server-user}: {@code --user} of the throwaway server (default: the user running the
 *       drill when that is root, who owns the unpacked files; none otherwise)</li>
 *   <li>{@code drill.server-options}: more server options, separated by spaces</li>
 *   <li>{@code drill.boot-timeout-ms}, {@code drill.stop-timeout-ms}, {@code drill.check-timeout-ms}</li>
 *   <li>{@code restore.max-entries}: the archive limit a restore applies, applied by the drill too</li>
 * </ul>
 */
public record DrillSettings(Path scratchDir, Path serverBinary, String serverUser, List<String> serverOptions,
                            Duration bootTimeout, Duration stopTimeout, Duration checkTimeout, int maxEntries) {
    public static final Duration DEFAULT_BOOT_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofMinutes(1);
    public static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofHours(6);

    public DrillSettings {
        serverOptions = List.copyOf(serverOptions);
    }

    /** @param defaultScratchDir where scratch folders go unless {@code drill.scratch-dir} says otherwise */
    public static DrillSettings from(Settings settings, Path defaultScratchDir) {
        String options = settings.string("drill.server-options", "").strip();
        return new DrillSettings(
                settings.optionalPath("drill.scratch-dir").orElse(defaultScratchDir),
                settings.optionalPath("drill.server-binary").orElse(null),
                settings.optional("drill.server-user").filter(s -> !s.isBlank()).orElseGet(DrillSettings::defaultUser),
                options.isEmpty() ? List.of() : Arrays.asList(options.split("\\s+")),
                settings.duration("drill.boot-timeout-ms", DEFAULT_BOOT_TIMEOUT),
                settings.duration("drill.stop-timeout-ms", DEFAULT_STOP_TIMEOUT),
                settings.duration("drill.check-timeout-ms", DEFAULT_CHECK_TIMEOUT),
                // the same limit as a restore's
                settings.integer("restore.max-entries", ExtractionLimits.DEFAULT_MAX_ENTRIES, 1, Integer.MAX_VALUE));
    }

    /**
     * The drill these settings describe. The server binary is looked up now; a host without one
     * gets a {@link DrillNotPossibleException} saying so.
     */
    public RestorabilityDrill drill() {
        ServerBinary binary = ServerBinary.locate(java.util.Optional.ofNullable(serverBinary));
        ServerBooter booter = new ThrowawayServerBooter(binary, new CommandRunner(), serverUser, serverOptions,
                bootTimeout, stopTimeout, checkTimeout);
        return new RestorabilityDrill(scratchDir,
                new ExtractorUnpacker(new ArchiveExtractor(new ExtractionLimits(maxEntries,
                        ExtractionLimits.DEFAULT_MAX_BYTES))), booter,
                new SqlTableChecker(checkTimeout), checkTimeout.plus(stopTimeout));
    }

    /** mariadbd refuses to run as root without {@code --user}; as anyone else it runs as that user anyway. */
    static String defaultUser() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid) ? System.getProperty("user.name", "root") : null;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return "root".equals(System.getProperty("user.name")) ? "root" : null;
        }
    }
}
