package org.mysqlbackup.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.config.InvalidSettingException;
import org.mysqlbackup.config.Settings;

class RetentionPoliciesTest {
    private final Map<String, String> properties = new HashMap<>();

    private RetentionPolicies policies() {
        Settings settings = new Settings(key -> Optional.ofNullable(properties.get(key)));
        return RetentionPolicies.from(settings,
                properties.keySet().stream().filter(k -> k.startsWith(RetentionPolicies.OVERRIDE_PREFIX)).toList());
    }

    @Test
    void withNothingSetEverythingIsKept() {
        assertThat(policies().policyFor("web-1", "nightly")).isEqualTo(RetentionPolicy.keepAll());
    }

    @Test
    void zeroAndEmptySwitchARuleOff() {
        properties.put("retention.max-age-days", "0");
        properties.put("retention.keep-last", "");
        properties.put("retention.max-total-size", "0");

        assertThat(policies().policyFor("web-1", "nightly")).isEqualTo(RetentionPolicy.keepAll());
    }

    @Test
    void defaultsApplyToEveryConfiguration() {
        properties.put("retention.max-age-days", "30");
        properties.put("retention.keep-last", "10");
        properties.put("retention.max-total-size", "2GiB");
        properties.put("retention.keep-daily", "7");
        properties.put("retention.keep-weekly", "4");
        properties.put("retention.keep-monthly", "12");

        assertThat(policies().policyFor("any", "thing"))
                .isEqualTo(new RetentionPolicy(Duration.ofDays(30), 10, 2L << 30, 7, 4, 12));
    }

    @Test
    void aConfigurationOverrideWinsOverAClientOverrideWhichWinsOverTheDefaults() {
        properties.put("retention.max-age-days", "30");
        properties.put("retention.keep-daily", "7");
        properties.put("retention.override.web.client", "web-1");
        properties.put("retention.override.web.keep-daily", "14");
        properties.put("retention.override.web.keep-last", "5");
        properties.put("retention.override.web-nightly.client", "web-1");
        properties.put("retention.override.web-nightly.config", "nightly.full");
        properties.put("retention.override.web-nightly.keep-daily", "30");
        properties.put("retention.override.web-nightly.max-age-days", "0");

        RetentionPolicies policies = policies();

        assertThat(policies.policyFor("web-1", "nightly.full"))
                .isEqualTo(new RetentionPolicy(null, 5, null, 30, null, null));
        assertThat(policies.policyFor("web-1", "hourly"))
                .isEqualTo(new RetentionPolicy(Duration.ofDays(30), 5, null, 14, null, null));
        assertThat(policies.policyFor("web-2", "nightly.full"))
                .isEqualTo(new RetentionPolicy(Duration.ofDays(30), null, null, 7, null, null));
    }

    @Test
    void aBadValueNamesItsKey() {
        properties.put("retention.keep-weekly", "four");

        assertThatThrownBy(this::policies).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("retention.keep-weekly").hasMessageContaining("four");
    }

    @Test
    void aNegativeValueNamesItsKey() {
        properties.put("retention.override.x.client", "web-1");
        properties.put("retention.override.x.keep-last", "-1");

        assertThatThrownBy(this::policies).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("retention.override.x.keep-last");
    }

    @Test
    void anUnknownRuleInAnOverrideNamesItsKey() {
        properties.put("retention.override.x.client", "web-1");
        properties.put("retention.override.x.keep-yearly", "3");

        assertThatThrownBy(this::policies).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("retention.override.x.keep-yearly").hasMessageContaining("keep-monthly");
    }

    @Test
    void anOverrideWithoutClientNamesTheMissingKey() {
        properties.put("retention.override.x.keep-last", "3");

        assertThatThrownBy(this::policies).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("retention.override.x.client").hasMessageContaining("required");
    }

    @Test
    void anOverrideForAnImpossibleClientIdIsRefused() {
        properties.put("retention.override.x.client", "../web-1");

        assertThatThrownBy(this::policies).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("retention.override.x.client");
    }

    @Test
    void twoOverridesOfTheSameConfigurationAreRefused() {
        properties.put("retention.override.a.client", "web-1");
        properties.put("retention.override.a.config", "nightly");
        properties.put("retention.override.b.client", "web-1");
        properties.put("retention.override.b.config", "nightly");

        assertThatThrownBy(this::policies).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("retention.override.b.client").hasMessageContaining("'a'");
    }

    @Test
    void aRuleWithoutAnOverrideNameIsRefused() {
        properties.put("retention.override.keep-last", "3");

        assertThatThrownBy(this::policies).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("retention.override.keep-last");
    }

    @Test
    void describesAPolicyInTheWordsOfItsKeys() {
        assertThat(RetentionPolicies.describe(new RetentionPolicy(Duration.ofDays(30), null, 1024L, 7, null, 3)))
                .isEqualTo("max-age-days 30, max-total-size 1024 bytes, keep-daily 7, keep-monthly 3");
        assertThat(RetentionPolicies.describe(RetentionPolicy.keepAll())).isEqualTo("keep everything");
    }
}
