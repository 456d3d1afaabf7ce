package org.mysqlbackup.logretention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.config.InvalidSettingException;
import org.mysqlbackup.config.Settings;

class LogRetentionPolicyTest {

    private static Settings settings(Map<String, String> values) {
        return new Settings(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void defaultsAreThoseOfTheShippedFiles() {
        LogRetentionPolicy policy = LogRetentionPolicy.fromSettings(settings(Map.of()));
        assertThat(policy).isEqualTo(new LogRetentionPolicy(Duration.ofDays(366), 10_000, 64L << 20));
        LogRetentionPolicy.checkSchedule(settings(Map.of()));
    }

    @Test
    void zeroTurnsEveryLimitOff() {
        LogRetentionPolicy policy = LogRetentionPolicy.fromSettings(settings(Map.of("logs.retention.max-age-days", "0",
                "logs.retention.keep-last", "0", "logs.retention.max-total-size", "0")));
        assertThat(policy.isOff()).isTrue();
    }

    @Test
    void aBadValueNamesItsKey() {
        assertThatThrownBy(() -> LogRetentionPolicy.fromSettings(settings(Map.of("logs.retention.keep-last", "ten"))))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("logs.retention.keep-last");
        assertThatThrownBy(() -> LogRetentionPolicy.fromSettings(settings(Map.of("logs.retention.max-total-size", "-1"))))
                .hasMessageContaining("logs.retention.max-total-size");
        assertThatThrownBy(() -> LogRetentionPolicy.checkSchedule(settings(Map.of("logs.retention.interval-ms", "10"))))
                .hasMessageContaining("logs.retention.interval-ms");
        assertThatThrownBy(() -> LogRetentionPolicy.checkSchedule(settings(Map.of("logs.retention.enabled", "maybe"))))
                .hasMessageContaining("logs.retention.enabled");
    }
}
