package org.mysqlbackup.client.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.config.InvalidSettingException;
import org.mysqlbackup.config.Settings;

/** The guard's defaults and how each documented key overrides them. */
class GuardPolicyTest {

    private static Settings settings(Map<String, String> values) {
        return new Settings(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void defaults() {
        GuardPolicy policy = GuardPolicy.fromSettings(settings(Map.of("db.file", "/var/lib/mysql-backup/client.db")));

        assertThat(policy).isEqualTo(new GuardPolicy(Path.of("/var/lib/mysql-backup/restart-intents"), true,
                Duration.ofMinutes(2), Duration.ofMinutes(2), 3, Duration.ofSeconds(2), Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofMillis(100)));
    }

    @Test
    void theIntentsSitBesideTheDatabaseAsAnAbsolutePath() {
        GuardPolicy policy = GuardPolicy.fromSettings(settings(Map.of("db.file", "data/client.db")));

        assertThat(policy.intentDirectory()).isAbsolute()
                .isEqualTo(Path.of("data/client.db").toAbsolutePath().resolveSibling("restart-intents"));
    }

    @Test
    void aBlankIntentDirectoryFallsBackToTheDefault() {
        GuardPolicy policy = GuardPolicy.fromSettings(settings(Map.of("db.file", "/srv/client.db",
                GuardPolicy.INTENT_DIR, "   ")));

        assertThat(policy.intentDirectory()).isEqualTo(Path.of("/srv/restart-intents"));
    }

    @Test
    void everyKeyOverrides() {
        GuardPolicy policy = GuardPolicy.fromSettings(settings(Map.of(
                "guard.intent-dir", "/run/guard/intents",
                "guard.watchdog", "off",
                "guard.in-use-wait-ms", "45s",
                "guard.verify-wait-ms", "1m30s",
                "mysql.start.retries", "0",
                "mysql.start.retry-delay-ms", "250",
                "guard.settle-ms", "5s",
                "guard.check-interval-ms", "2m")));

        assertThat(policy).isEqualTo(new GuardPolicy(Path.of("/run/guard/intents"), false, Duration.ofSeconds(45),
                Duration.ofSeconds(90), 0, Duration.ofMillis(250), Duration.ofSeconds(5), Duration.ofMinutes(2),
                Duration.ofMillis(100)));
    }

    @Test
    void anExplicitIntentDirectoryNeedsNoDatabaseFile() {
        GuardPolicy policy = GuardPolicy.fromSettings(settings(Map.of("guard.intent-dir", "/run/intents")));

        assertThat(policy.intentDirectory()).isEqualTo(Path.of("/run/intents"));
    }

    @Test
    void withNeitherAnIntentDirectoryNorADatabaseFileTheKeyIsNamed() {
        assertThatThrownBy(() -> GuardPolicy.fromSettings(settings(Map.of())))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("db.file");
    }

    @Test
    void badValuesAreRefusedNamingTheirKey() {
        assertThatThrownBy(() -> GuardPolicy.fromSettings(settings(Map.of("db.file", "/c.db",
                "mysql.start.retries", "101")))).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("mysql.start.retries");
        assertThatThrownBy(() -> GuardPolicy.fromSettings(settings(Map.of("db.file", "/c.db",
                "guard.watchdog", "maybe")))).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("guard.watchdog");
        assertThatThrownBy(() -> GuardPolicy.fromSettings(settings(Map.of("db.file", "/c.db",
                "guard.settle-ms", "30x")))).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("guard.settle-ms");
    }
}
