package org.mysqlbackup.configuration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.mysqlbackup.client.MySqlTargets;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.db.TestDatabases;
import org.mysqlbackup.mysql.CommandRunner;

/** A real, migrated client database in a temporary folder, with the catalog the CLI would use. */
final class ConfigurationFixture implements AutoCloseable {
    /** What client.properties gives every configuration in these tests: the host-level keys only. */
    static final Settings BASE = new Settings(key -> Optional.ofNullable(Map.of(
            "server.host", "backup.example.com", "server.port", "9443").get(key)));

    /**
     * A client.properties that describes an instance of its own, as a real one does (port 3306,
     * /var/lib/mysql, /run/mysqld/mysqld.pid), with {@code more} keys such as {@code backup.name}.
     */
    static Settings withOwnInstance(Map<String, String> more) {
        Map<String, String> keys = new java.util.HashMap<>(Map.of(
                "server.host", "backup.example.com", "server.port", "9443",
                "mysql.user", "backup", "mysql.port", "3306", "mysql.datadir", "/var/lib/mysql",
                "mysql.pid-file", "/run/mysqld/mysqld.pid", "mysql.service.strategy", "systemd",
                "mysql.service.name", "mariadb", "snapshot.work-dir", "/srv/backup-work/own"));
        keys.putAll(more);
        return new Settings(key -> Optional.ofNullable(keys.get(key)));
    }

    final Path folder;
    final DataSource db;
    final SecretCodec secrets;
    final ConfigurationCatalog catalog;
    final ConfigurationStore store;

    ConfigurationFixture() throws IOException {
        this(Files.createTempDirectory("configurations"));
    }

    ConfigurationFixture(Path folder) {
        this(folder, BASE);
    }

    /** @param base what client.properties holds, e.g. {@link #withOwnInstance} */
    ConfigurationFixture(Settings base) throws IOException {
        this(Files.createTempDirectory("configurations"), base);
    }

    ConfigurationFixture(Path folder, Settings base) {
        this.folder = folder;
        this.db = TestDatabases.migrated(folder.resolve("client.db"), "client");
        this.secrets = new SecretCodec(folder.resolve("secrets.key"), name -> "from-env-" + name);
        this.store = new ConfigurationStore(db, Clock.systemUTC());
        this.catalog = new ConfigurationCatalog(store, new org.mysqlbackup.schedule.ScheduleStore(db, Clock.systemUTC()),
                new ConfigurationValidator(base, new MySqlTargets(new CommandRunner())::build, secrets), secrets, base);
    }

    @Override
    public void close() throws IOException {
        if (db instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
