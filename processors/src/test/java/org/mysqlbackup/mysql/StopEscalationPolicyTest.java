package org.mysqlbackup.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mysqlbackup.config.InvalidSettingException;
import org.mysqlbackup.config.Settings;

class StopEscalationPolicyTest {
    private final Map<String, String> properties = new HashMap<>();
    private final Settings settings = new Settings(key -> Optional.ofNullable(properties.get(key)));

    @Test
    void defaultsNeverKill() {
        StopEscalationPolicy policy = StopEscalationPolicy.fromSettings(settings);

        assertThat(policy).isEqualTo(new StopEscalationPolicy(Duration.ofMinutes(5), Duration.ofMinutes(2), 2.0,
                false, Duration.ofMinutes(1), Duration.ofSeconds(30), List.of("mysqld", "mariadbd")));
        assertThat(policy.escalated(policy.stopTimeout())).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void everyKeyIsRead() {
        properties.put("mysql.stop.timeout-ms", "1000");
        properties.put("mysql.down.timeout-ms", "2s");
        properties.put("mysql.stop.escalation-factor", "1.5");
        properties.put("mysql.stop.allow-kill", "true");
        properties.put("mysql.stop.kill-grace-ms", "0");
        properties.put("mysql.stop.kill-wait-ms", "5000");
        properties.put("mysql.stop.kill-process-names", " mysqld , mysqld-debug,mysqld.exe");

        StopEscalationPolicy policy = StopEscalationPolicy.fromSettings(settings);

        assertThat(policy).isEqualTo(new StopEscalationPolicy(Duration.ofSeconds(1), Duration.ofSeconds(2), 1.5,
                true, Duration.ZERO, Duration.ofSeconds(5), List.of("mysqld", "mysqld-debug", "mysqld")));
        assertThat(policy.escalated(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.5", "11", "two", "NaN", "-2"})
    void aBadFactorIsNamed(String value) {
        properties.put("mysql.stop.escalation-factor", value);

        assertThatThrownBy(() -> StopEscalationPolicy.fromSettings(settings))
                .isInstanceOf(InvalidSettingException.class)
                .extracting(e -> ((InvalidSettingException) e).key()).isEqualTo("mysql.stop.escalation-factor");
    }

    @ParameterizedTest
    @ValueSource(strings = {",", "mysqld;rm", "my sqld"})
    void badProcessNamesAreNamed(String value) {
        properties.put("mysql.stop.kill-process-names", value);

        assertThatThrownBy(() -> StopEscalationPolicy.fromSettings(settings))
                .isInstanceOf(InvalidSettingException.class)
                .extracting(e -> ((InvalidSettingException) e).key()).isEqualTo("mysql.stop.kill-process-names");
    }

    @Test
    void aBadFlagIsNamed() {
        properties.put("mysql.stop.allow-kill", "sometimes");

        assertThatThrownBy(() -> StopEscalationPolicy.fromSettings(settings))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("configuration key 'mysql.stop.allow-kill' 'sometimes' is not true or false");
    }

    @Test
    void aComm15CharacterPrefixMatchesALongerName() {
        ProcessIdentity cut = new ProcessIdentity(1, Optional.empty(), "mysqld-very-lon");

        assertThat(cut.nameIsOneOf(List.of("mysqld-very-long-name"))).isTrue();
        assertThat(new ProcessIdentity(1, Optional.empty(), "mysql").nameIsOneOf(List.of("mysqld"))).isFalse();
    }
}
