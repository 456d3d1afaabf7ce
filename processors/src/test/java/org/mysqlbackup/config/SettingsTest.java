package org.mysqlbackup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsTest {
    private final Map<String, String> properties = new HashMap<>();
    private final Settings settings = new Settings(key -> Optional.ofNullable(properties.get(key)));

    @Test
    void aMissingRequiredKeyIsNamed() {
        assertThatThrownBy(() -> settings.string("server.host"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("configuration key 'server.host' is required but not set")
                .extracting(e -> ((InvalidSettingException) e).key()).isEqualTo("server.host");
    }

    @Test
    void aBlankValueCountsAsNotSet() {
        properties.put("server.host", "   ");

        assertThat(settings.optional("server.host")).isEmpty();
        assertThat(settings.string("server.host", "localhost")).isEqualTo("localhost");
    }

    @Test
    void valuesAreTrimmed() {
        properties.put("server.host", "  backup.example.org \t");

        assertThat(settings.string("server.host")).isEqualTo("backup.example.org");
    }

    @Test
    void anIntegerInRangeIsReturned() {
        properties.put("transfer.in-flight", "8");

        assertThat(settings.integer("transfer.in-flight", 4, 1, 64)).isEqualTo(8);
    }

    @Test
    void theDefaultIsUsedWhenAnIntegerIsNotSet() {
        assertThat(settings.integer("transfer.in-flight", 4, 1, 64)).isEqualTo(4);
    }

    @Test
    void anIntegerOutsideItsRangeIsRefusedNamingKeyValueAndRange() {
        properties.put("transfer.in-flight", "65");

        assertThatThrownBy(() -> settings.integer("transfer.in-flight", 4, 1, 64))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("configuration key 'transfer.in-flight' 65 is outside the allowed range 1..64");
    }

    @Test
    void anIntegerTooBigForAnIntIsRefusedNotWrappedAround() {
        properties.put("server.port", "4294967297"); // 2^32 + 1 would wrap to 1

        assertThatThrownBy(() -> settings.integer("server.port", 9443, 1, 65535))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("'server.port'")
                .hasMessageContaining("4294967297");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "8.5", "0x10", "1e3", "8 threads"})
    void aNonNumberIsRefusedQuotingIt(String value) {
        properties.put("transfer.in-flight", value);

        assertThatThrownBy(() -> settings.integer("transfer.in-flight", 4, 1, 64))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("configuration key 'transfer.in-flight' '" + value + "' is not a whole number");
    }

    @Test
    void aLongOutsideItsRangeIsRefused() {
        properties.put("retention.max-bytes", "-1");

        assertThatThrownBy(() -> settings.longValue("retention.max-bytes", 0, 0, Long.MAX_VALUE))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("'retention.max-bytes' -1 is outside the allowed range 0..");
    }

    @ParameterizedTest
    @CsvSource({"true,true", "YES,true", "on,true", "false,false", "No,false", "OFF,false"})
    void booleansAcceptTheUsualSpellings(String value, boolean expected) {
        properties.put("snapshot.checksums", value);

        assertThat(settings.bool("snapshot.checksums", !expected)).isEqualTo(expected);
    }

    @Test
    void anythingElseIsNotABoolean() {
        properties.put("snapshot.checksums", "maybe");

        assertThatThrownBy(() -> settings.bool("snapshot.checksums", true))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("configuration key 'snapshot.checksums' 'maybe' is not true or false");
    }

    @ParameterizedTest
    @CsvSource({"500,PT0.5S", "30s,PT30S", "2m,PT2M", "1h30m,PT1H30M", "250ms,PT0.25S", "1h30m15s,PT1H30M15S", "0,PT0S"})
    void durationsAreWrittenTheCamelWay(String value, Duration expected) {
        properties.put("mysql.stop-timeout", value);

        assertThat(settings.duration("mysql.stop-timeout", Duration.ofMinutes(5))).isEqualTo(expected);
    }

    @Test
    void theDefaultDurationIsUsedWhenNotSet() {
        assertThat(settings.duration("mysql.stop-timeout", Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "30x", "5 s", "PT5S", "1.5s", "s", "-5s", "ten seconds"})
    void aDurationThatIsNotOneIsRefusedInsteadOfBecomingZero(String value) {
        properties.put("mysql.stop-timeout", value);

        assertThatThrownBy(() -> settings.duration("mysql.stop-timeout", Duration.ofMinutes(5)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("'mysql.stop-timeout'")
                .hasMessageContaining("'" + value + "' is not a duration");
    }

    @Test
    void aNegativeDurationIsRefused() {
        properties.put("mysql.stop-timeout", "-500");

        assertThatThrownBy(() -> settings.duration("mysql.stop-timeout", Duration.ofMinutes(5)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("configuration key 'mysql.stop-timeout' must not be negative");
    }

    @Test
    void sizesAcceptBinarySuffixes() {
        properties.put("transfer.chunk-size", "4MiB");

        assertThat(settings.bytes("transfer.chunk-size", 1 << 20, 64 << 10, 256 << 20)).isEqualTo(4L << 20);
    }

    @Test
    void aSizeOutsideItsRangeIsRefused() {
        properties.put("transfer.chunk-size", "1GiB");

        assertThatThrownBy(() -> settings.bytes("transfer.chunk-size", 1 << 20, 64 << 10, 256 << 20))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("configuration key 'transfer.chunk-size' 1073741824 is outside the allowed range 65536..268435456");
    }

    @Test
    void aSizeThatIsNotOneIsRefusedQuotingIt() {
        properties.put("transfer.chunk-size", "lots");

        assertThatThrownBy(() -> settings.bytes("transfer.chunk-size", 1 << 20, 1, Long.MAX_VALUE))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("'transfer.chunk-size'")
                .hasMessageContaining("'lots' is not a size");
    }

    @Test
    void pathsAreReadAsGiven() {
        properties.put("storage.root", "/var/lib/mysql-backup");

        assertThat(settings.path("storage.root")).isEqualTo(Path.of("/var/lib/mysql-backup"));
        assertThat(settings.optionalPath("storage.other")).isEmpty();
    }
}
