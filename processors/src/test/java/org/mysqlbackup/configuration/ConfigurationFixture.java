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

    final Path folder;
    final DataSource db;
    final SecretCodec secrets;
    final ConfigurationCatalog catalog;
    final ConfigurationStore store;

    ConfigurationFixture() throws IOException {
        this(Files.createTempDirectory("configurations"));
    }

    ConfigurationFixture(Path folder) {
        this.folder = folder;
        this.db = TestDatabases.migrated(folder.resolve("client.db"), "client");
        this.secrets = new SecretCodec(folder.resolve("secrets.key"), name -> "from-env-" + name);
        this.store = new ConfigurationStore(db, Clock.systemUTC());
        this.catalog = new ConfigurationCatalog(store, new org.mysqlbackup.schedule.ScheduleStore(db, Clock.systemUTC()),
                new ConfigurationValidator(BASE, new MySqlTargets(new CommandRunner())::build, secrets), secrets, BASE);
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
