package org.mysqlbackup.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mysqlbackup.config.Settings;

/**
 * Two configurations must not back up one MySQL instance of the host: add, update (config set,
 * set-secret), import and validate refuse a shared port, data directory or pid file, also with
 * client.properties' own instance ('main': port 3306, /var/lib/mysql, /run/mysqld/mysqld.pid).
 */
class ConfigurationInstanceConflictTest {
    private static final String ADVICE = "; two configurations must not back up one instance: give each its own"
            + " mysql.port, mysql.datadir and mysql.pid-file";

    private ConfigurationFixture fixture;

    @BeforeEach
    void open() throws Exception {
        fixture = new ConfigurationFixture(ConfigurationFixture.withOwnInstance(Map.of()));
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    /** An instance of its own, as README's `config add reports` sets it up. */
    private static BackupConfiguration instance(String name, String port, String datadir, String pidFile) {
        return BackupConfiguration.of(name, Map.of("mysql.port", port, "mysql.datadir", datadir,
                "mysql.pid-file", pidFile, "mysql.service.name", "mariadb@" + name,
                "snapshot.work-dir", "/srv/backup-work/" + name));
    }

    private static BackupConfiguration reports() {
        return instance("reports", "3307", "/srv/mysql-reports", "/run/mysqld/reports.pid");
    }

    private static BackupConfiguration sales() {
        return instance("sales", "3308", "/srv/mysql-sales", "/run/mysqld/sales.pid");
    }

    private static BackupConfiguration without(BackupConfiguration c, String key) {
        TreeMap<String, String> settings = new TreeMap<>(c.settings());
        settings.remove(key);
        return new BackupConfiguration(c.name(), c.active(), settings);
    }

    private static List<FieldError> refused(ThrowingCallable change) {
        List<FieldError> errors = new ArrayList<>();
        assertThatThrownBy(change).isInstanceOfSatisfying(InvalidConfigurationException.class,
                e -> errors.addAll(e.errors()));
        return errors;
    }

    private static List<FieldError> importRefused(ThrowingCallable change, String configuration) {
        List<FieldError> errors = new ArrayList<>();
        assertThatThrownBy(change).isInstanceOfSatisfying(ConfigurationCatalog.InvalidImportException.class,
                e -> errors.addAll(e.errors().get(configuration)));
        return errors;
    }

    /** As a client before this rule stored it, or with a client.properties changed since. */
    private void storeUnchecked(Settings base, BackupConfiguration c) {
        fixture.store.save(new ConfigurationStore.Entry(c, ConfigurationSettings.withoutSecrets(base, c)));
    }

    @Test
    void distinctInstancesAreAcceptedByAddAndImport() {
        fixture.catalog.add(reports());
        fixture.catalog.importAll(List.of(sales(), instance("audit", "3309", "/srv/mysql-audit", "/run/audit.pid")));

        assertThat(fixture.catalog.list()).extracting(BackupConfiguration::name).containsExactly("audit", "reports", "sales");
        assertThat(fixture.catalog.validate(reports())).isEmpty();
    }

    @Test
    void addRefusesTheOwnInstancesPortNamingClientProperties() {
        List<FieldError> errors = refused(() -> fixture.catalog.add(
                instance("reports", "3306", "/srv/mysql-reports", "/run/mysqld/reports.pid")));

        assertThat(errors).containsExactly(new FieldError("mysql.port",
                "3306 is also the port of configuration 'main' (client.properties)" + ADVICE));
        assertThat(fixture.catalog.list()).isEmpty();
    }

    @Test
    void readmesUnsetPortFallsBackToClientPropertiesAndIsRefused() {
        fixture.catalog.add(reports());

        List<FieldError> errors = refused(() -> fixture.catalog.update(without(reports(), "mysql.port").active(false)));

        assertThat(errors).extracting(FieldError::toString).containsExactly("mysql.port: 3306 is also the port of"
                + " configuration 'main' (client.properties); two configurations must not back up one instance: give"
                + " each its own mysql.port, mysql.datadir and mysql.pid-file");
        assertThat(fixture.catalog.list()).containsExactly(reports());
    }

    @Test
    void anUnsetPidFileIsClientPropertiesOne() {
        List<FieldError> errors = refused(() -> fixture.catalog.add(without(reports(), "mysql.pid-file")));

        assertThat(errors).containsExactly(new FieldError("mysql.pid-file",
                "'/run/mysqld/mysqld.pid' is also the pid file of configuration 'main' (client.properties)" + ADVICE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/var/lib/mysql", "/var/lib/mysql/", "/var/lib/./mysql", "/var/tmp/../lib/mysql",
        "/var//lib/mysql"})
    void theOwnDataDirectoryIsRefusedHoweverSpelled(String spelled) {
        List<FieldError> errors = refused(() -> fixture.catalog.add(
                instance("reports", "3307", spelled, "/run/mysqld/reports.pid")));

        assertThat(errors).containsExactly(new FieldError("mysql.datadir",
                "'/var/lib/mysql' is also the data directory of configuration 'main' (client.properties)" + ADVICE));
    }

    @Test
    void theOwnInstanceIsNamedByBackupName() throws Exception {
        try (ConfigurationFixture named = new ConfigurationFixture(
                ConfigurationFixture.withOwnInstance(Map.of("backup.name", "primary")))) {
            List<FieldError> errors = refused(() -> named.catalog.add(
                    instance("reports", "3306", "/var/lib/mysql", "/run/mysqld/mysqld.pid")));

            assertThat(errors).extracting(FieldError::field)
                    .containsExactly("mysql.port", "mysql.datadir", "mysql.pid-file");
            assertThat(errors).allSatisfy(e -> assertThat(e.message())
                    .contains("of configuration 'primary' (client.properties)").endsWith(ADVICE));
        }
    }

    @Test
    void aStoredConfigurationNamedLikeBackupNameReplacesTheOwnInstance() {
        // 'main' stored: client.properties' own values no longer describe an instance of their own
        fixture.catalog.add(instance("main", "3310", "/srv/mysql-main", "/run/main.pid"));
        fixture.catalog.add(instance("reports", "3306", "/var/lib/mysql", "/run/mysqld/mysqld.pid"));

        // ... but the stored 'main' is an instance like any other
        List<FieldError> errors = refused(() -> fixture.catalog.add(
                instance("sales", "3310", "/srv/mysql-sales", "/run/sales.pid")));
        assertThat(errors).containsExactly(new FieldError("mysql.port",
                "3310 is also the port of configuration 'main'" + ADVICE));
        assertThat(fixture.catalog.list()).extracting(BackupConfiguration::name).containsExactly("main", "reports");
    }

    @Test
    void aConfigurationNamedLikeBackupNameMayKeepClientPropertiesValues() {
        fixture.catalog.add(BackupConfiguration.of("main", Map.of("snapshot.strategy", "zip")));
        fixture.catalog.importAll(List.of(BackupConfiguration.of("main", Map.of("snapshot.strategy", "copy")),
                reports()));

        assertThat(fixture.catalog.list()).extracting(BackupConfiguration::name).containsExactly("main", "reports");
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', value = {
        "/srv/mysql-reports, /run/mysqld/reports.pid",
        "/srv/mysql-reports/, /run/mysqld/./reports.pid",
        "/srv/a/../mysql-reports, /run/x/../mysqld/reports.pid"})
    void addRefusesAnotherConfigurationsDataDirectoryAndPidFile(String datadir, String pidFile) {
        fixture.catalog.add(reports());

        List<FieldError> errors = refused(() -> fixture.catalog.add(instance("sales", "3308", datadir, pidFile)));

        assertThat(errors).containsExactly(
                new FieldError("mysql.datadir", "'/srv/mysql-reports' is also the data directory of configuration"
                        + " 'reports'" + ADVICE),
                new FieldError("mysql.pid-file", "'/run/mysqld/reports.pid' is also the pid file of configuration"
                        + " 'reports'" + ADVICE));
        assertThat(fixture.catalog.list()).containsExactly(reports());
    }

    @Test
    void addRefusesAnotherConfigurationsPortAlsoWhenThatOneIsInactive() {
        fixture.catalog.add(reports().active(false));

        List<FieldError> errors = refused(() -> fixture.catalog.add(sales().with("mysql.port", "3307")));

        assertThat(errors).containsExactly(new FieldError("mysql.port",
                "3307 is also the port of configuration 'reports'" + ADVICE));
        assertThat(fixture.catalog.list()).containsExactly(reports().active(false));
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', value = {
        "mysql.port, 3307, 3307 is also the port of configuration 'reports'",
        "mysql.datadir, /srv/old/../mysql-reports/, '/srv/mysql-reports' is also the data directory of configuration 'reports'",
        "mysql.pid-file, /run/mysqld/reports.pid, '/run/mysqld/reports.pid' is also the pid file of configuration 'reports'"})
    void updateRefusesASharedKeyAndKeepsTheStoredForm(String key, String value, String message) {
        fixture.catalog.add(reports());
        fixture.catalog.add(sales());

        List<FieldError> errors = refused(() -> fixture.catalog.update(sales().with(key, value)));

        assertThat(errors).containsExactly(new FieldError(key, message + ADVICE));
        assertThat(fixture.catalog.list()).containsExactly(reports(), sales());
    }

    @Test
    void updateComparesWithTheOthersNotWithItsOwnOldForm() {
        fixture.catalog.add(reports());

        fixture.catalog.update(reports().with("mysql.datadir", "/srv/mysql-reports/").with("snapshot.strategy", "zip"));

        assertThat(fixture.catalog.require("reports").settings()).containsEntry("snapshot.strategy", "zip");
    }

    @Test
    void setSecretRefusesAConfigurationThatSharesAnInstance() {
        // stored before the rule: it shares client.properties' port
        storeUnchecked(ConfigurationFixture.withOwnInstance(Map.of()), without(reports(), "mysql.port"));

        List<FieldError> errors = refused(() -> fixture.catalog.setSecret("reports", "mysql.password", "s3cret"));

        assertThat(errors).extracting(FieldError::field).containsExactly("mysql.port");
        assertThat(fixture.catalog.require("reports").settings()).doesNotContainKey("mysql.password");
    }

    @Test
    void validateReportsAConflictOfStoredConfigurations() {
        storeUnchecked(ConfigurationFixture.withOwnInstance(Map.of()), reports());
        storeUnchecked(ConfigurationFixture.withOwnInstance(Map.of()), sales().with("mysql.port", "3307"));

        assertThat(fixture.catalog.validate(fixture.catalog.require("sales"))).containsExactly(
                new FieldError("mysql.port", "3307 is also the port of configuration 'reports'" + ADVICE));
        assertThat(fixture.catalog.validate(fixture.catalog.require("reports"))).containsExactly(
                new FieldError("mysql.port", "3307 is also the port of configuration 'sales'" + ADVICE));
    }

    @Test
    void importRefusesTwoConfigurationsOfTheFileSharingAPortAndStoresNothing() {
        fixture.catalog.add(instance("audit", "3309", "/srv/mysql-audit", "/run/audit.pid"));
        List<BackupConfiguration> file = List.of(reports(), sales().with("mysql.port", "3307"),
                instance("fine", "3311", "/srv/mysql-fine", "/run/fine.pid"));

        Map<String, List<FieldError>> invalid = fixture.catalog.check(
                file.stream().map(c -> new ExportedConfiguration(c, null)).toList());
        assertThatThrownBy(() -> fixture.catalog.importAll(file))
                .isInstanceOf(ConfigurationCatalog.InvalidImportException.class);

        assertThat(invalid).containsOnlyKeys("reports", "sales");
        assertThat(invalid.get("reports")).containsExactly(
                new FieldError("mysql.port", "3307 is also the port of configuration 'sales'" + ADVICE));
        assertThat(invalid.get("sales")).containsExactly(
                new FieldError("mysql.port", "3307 is also the port of configuration 'reports'" + ADVICE));
        assertThat(fixture.catalog.list()).extracting(BackupConfiguration::name).containsExactly("audit");
    }

    @Test
    void importRefusesAStoredConfigurationsDataDirectorySpelledDifferently() {
        fixture.catalog.add(reports());

        List<FieldError> errors = importRefused(() -> fixture.catalog.importAll(
                List.of(sales().with("mysql.datadir", "/srv/mysql-sales/../mysql-reports/"))), "sales");

        assertThat(errors).containsExactly(new FieldError("mysql.datadir",
                "'/srv/mysql-reports' is also the data directory of configuration 'reports'" + ADVICE));
        assertThat(fixture.catalog.list()).containsExactly(reports());
    }

    @Test
    void importRefusesTheOwnInstancesPidFile() {
        List<FieldError> errors = importRefused(() -> fixture.catalog.importAll(
                List.of(reports(), sales().with("mysql.pid-file", "/run/mysqld/../mysqld/mysqld.pid"))), "sales");

        assertThat(errors).containsExactly(new FieldError("mysql.pid-file",
                "'/run/mysqld/mysqld.pid' is also the pid file of configuration 'main' (client.properties)" + ADVICE));
        assertThat(fixture.catalog.list()).isEmpty();
    }

    @Test
    void importComparesTheStoredConfigurationsItReplacesInTheirNewForm() {
        fixture.catalog.add(reports());

        // reports moves to 3309 in the same file that gives its old port to sales
        fixture.catalog.importAll(List.of(reports().with("mysql.port", "3309"), sales().with("mysql.port", "3307")));

        assertThat(fixture.catalog.require("reports").settings()).containsEntry("mysql.port", "3309");
        assertThat(fixture.catalog.require("sales").settings()).containsEntry("mysql.port", "3307");
    }

    @Test
    void aClientPropertiesWithoutADataDirectoryHasNoInstanceToShare() throws Exception {
        try (ConfigurationFixture hostOnly = new ConfigurationFixture()) {
            hostOnly.catalog.add(BackupConfiguration.of("reports", Map.of("mysql.user", "backup",
                    "mysql.datadir", "/srv/mysql-reports", "snapshot.work-dir", "/srv/work",
                    "mysql.service.strategy", "systemd", "mysql.service.name", "mariadb")));

            assertThat(hostOnly.catalog.list()).hasSize(1);
        }
    }
}
