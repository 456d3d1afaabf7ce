package org.mysqlbackup.ui.client;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.mysqlbackup.client.MySqlTargets;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.configuration.BackupConfiguration;
import org.mysqlbackup.configuration.ConfigurationCatalog;
import org.mysqlbackup.configuration.ConfigurationStore;
import org.mysqlbackup.configuration.ConfigurationValidator;
import org.mysqlbackup.configuration.SecretCodec;
import org.mysqlbackup.db.TestDatabases;
import org.mysqlbackup.mysql.CommandRunner;
import org.mysqlbackup.schedule.ScheduleStore;

/** A real, migrated client database with the catalog the CLI uses, as the console's services get it. */
final class ConsoleFixture implements AutoCloseable {
    /** client.properties with an instance of its own (configuration 'main'). */
    static final Settings BASE = settings(Map.of());

    final DataSource db;
    final SecretCodec secrets;
    final ConfigurationCatalog catalog;
    final ScheduleStore schedules;

    ConsoleFixture(Path folder) {
        db = TestDatabases.migrated(folder.resolve("client.db"), "client");
        secrets = new SecretCodec(folder.resolve("secrets.key"), name -> "from-env-" + name);
        schedules = new ScheduleStore(db, Clock.systemUTC());
        catalog = new ConfigurationCatalog(new ConfigurationStore(db, Clock.systemUTC()), schedules,
                new ConfigurationValidator(BASE, new MySqlTargets(new CommandRunner())::build, secrets), secrets, BASE);
    }

    static Settings settings(Map<String, String> more) {
        Map<String, String> keys = new HashMap<>(Map.of(
                "server.host", "backup.example.com", "server.port", "9443",
                "mysql.user", "backup", "mysql.port", "3306", "mysql.datadir", "/var/lib/mysql",
                "mysql.pid-file", "/run/mysqld/mysqld.pid", "mysql.service.strategy", "systemd",
                "mysql.service.name", "mariadb", "snapshot.work-dir", "/srv/backup-work/own"));
        keys.putAll(more);
        return new Settings(key -> Optional.ofNullable(keys.get(key)));
    }

    /** A configuration of its own instance, valid beside client.properties' one. */
    static Map<String, String> instance(String name, String port) {
        return Map.of("mysql.port", port, "mysql.datadir", "/srv/mysql-" + name,
                "mysql.pid-file", "/run/mysqld/" + name + ".pid", "mysql.service.name", "mariadb@" + name,
                "snapshot.work-dir", "/srv/backup-work/" + name);
    }

    void add(String name, String port) {
        catalog.add(BackupConfiguration.of(name, instance(name, port)));
    }

    @Override
    public void close() throws Exception {
        ((AutoCloseable) db).close();
    }
}
