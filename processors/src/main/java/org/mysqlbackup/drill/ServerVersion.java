package org.mysqlbackup.drill;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The release line of a MySQL or MariaDB server, as far as the on-disk format goes: flavour,
 * major and minor ({@code 10.11.6-MariaDB-0+deb12u1} is MariaDB 10.11). Read from
 * {@code SELECT VERSION()} (the manifest) or from {@code mariadbd --version}
 * ({@code mariadbd  Ver 10.11.19-MariaDB-0+deb12u1 for debian-linux-gnu on x86_64}).
 *
 * @param mariaDb true for MariaDB, false for MySQL (whose versions never say "MariaDB")
 */
public record ServerVersion(boolean mariaDb, int major, int minor) {
    private static final Pattern NUMBERS = Pattern.compile("(?<![\\d.])(\\d{1,3})\\.(\\d{1,3})(?:\\.(\\d{1,4}))?");
    /** {@code --version} output puts the version after "Ver"; a MariaDB 5.5-compatible prefix comes first there. */
    private static final Pattern AFTER_VER = Pattern.compile("\\bVer\\s+(\\S+)");

    /** The version in a {@code SELECT VERSION()} value or a {@code --version} line; empty if it names none. */
    public static Optional<ServerVersion> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String version = text.strip();
        Matcher ver = AFTER_VER.matcher(version);
        if (ver.find()) {
            version = ver.group(1);
        }
        // a MariaDB replication-compatible version string: 5.5.5-10.11.6-MariaDB
        if (version.startsWith("5.5.5-")) {
            version = version.substring("5.5.5-".length());
        }
        Matcher numbers = NUMBERS.matcher(version);
        if (!numbers.find()) {
            return Optional.empty();
        }
        boolean mariaDb = text.toLowerCase(Locale.ROOT).contains("mariadb");
        return Optional.of(new ServerVersion(mariaDb, Integer.parseInt(numbers.group(1)),
                Integer.parseInt(numbers.group(2))));
    }

    /** Same flavour and same major.minor: the data files of one can be opened by the other. */
    public boolean sameLine(ServerVersion other) {
        return mariaDb == other.mariaDb && major == other.major && minor == other.minor;
    }

    @Override
    public String toString() {
        return (mariaDb ? "MariaDB " : "MySQL ") + major + "." + minor;
    }
}
