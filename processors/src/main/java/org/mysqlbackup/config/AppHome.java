package org.mysqlbackup.config;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The installation folder, which holds {@code routes-client/}, {@code routes-server/} and
 * {@code config/}. The launchers pass it as the system property {@value #PROPERTY}; failing that
 * it is found from the location of the application jar.
 */
public final class AppHome {
    public static final String PROPERTY = "mysqlbackup.home";

    private AppHome() {
    }

    public static Path resolve() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        try {
            Path jar = Path.of(AppHome.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = jar.getParent(); dir != null; dir = dir.getParent()) {
                if (Files.isDirectory(dir.resolve("routes-client")) && Files.isDirectory(dir.resolve("config"))) {
                    return dir;
                }
            }
        } catch (URISyntaxException | RuntimeException ignored) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }
}
