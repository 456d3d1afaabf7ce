package org.mysqlbackup.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Seed property 4: a valid configuration is stored; a configuration with any set of broken fields
 * is refused with exactly one message per broken field, and nothing is stored.
 */
class ConfigurationValidationPropertyTest {
    record Broken(BackupConfiguration configuration, Set<String> brokenFields) {
    }

    @Property(tries = 150, seed = "4042")
    void onlyValidConfigurationsAreStoredAndEachBadFieldIsNamed(@ForAll("cases") Broken c) throws Exception {
        Statistics.collect(c.brokenFields().isEmpty() ? "valid" : "broken " + c.brokenFields().size());
        try (ConfigurationFixture fixture = new ConfigurationFixture()) {
            List<FieldError> errors = fixture.catalog.validate(c.configuration());
            assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrderElementsOf(c.brokenFields());
            assertThat(errors).allSatisfy(e -> assertThat(e.message()).isNotBlank());
            if (c.brokenFields().isEmpty()) {
                fixture.catalog.add(c.configuration());
                assertThat(fixture.catalog.list()).containsExactly(c.configuration());
            } else {
                assertThatThrownBy(() -> fixture.catalog.add(c.configuration()))
                        .isInstanceOf(InvalidConfigurationException.class);
                assertThatThrownBy(() -> fixture.catalog.importAll(List.of(c.configuration())))
                        .isInstanceOf(ConfigurationCatalog.InvalidImportException.class);
                assertThat(fixture.catalog.list()).isEmpty();
            }
        }
    }

    @Provide
    Arbitrary<Broken> cases() {
        List<String> breakable = List.copyOf(new TreeMap<>(ConfigurationArbitraries.INVALID).keySet());
        Arbitrary<Set<String>> broken = Arbitraries.oneOf(Arbitraries.just(Set.<String>of()),
                Arbitraries.subsetOf(breakable).ofMaxSize(4));
        Arbitrary<String> badName = Arbitraries.of("../etc", "", "a/b", "-lead", "x".repeat(65), "sp ace", "nul\0");
        return Combinators.combine(ConfigurationArbitraries.valid(), broken, Arbitraries.of(true, false, false, false),
                badName, Arbitraries.longs()).as((valid, keys, breakName, name, pick) -> {
                    TreeMap<String, String> settings = new TreeMap<>(valid.settings());
                    Set<String> fields = new HashSet<>(keys);
                    for (String key : keys) {
                        List<String> values = ConfigurationArbitraries.INVALID.get(key);
                        settings.put(key, values.get((int) Math.floorMod(pick + key.hashCode(), values.size())));
                    }
                    if (breakName) {
                        fields.add("name");
                    }
                    return new Broken(new BackupConfiguration(breakName ? name : valid.name(), valid.active(), settings),
                            fields);
                });
    }

    @Property(tries = 100, seed = "4043")
    void missingRequiredKeysAreNamed(@ForAll("withoutRequired") Map.Entry<BackupConfiguration, String> c) throws Exception {
        try (ConfigurationFixture fixture = new ConfigurationFixture()) {
            assertThat(fixture.catalog.validate(c.getKey())).extracting(FieldError::field).containsExactly(c.getValue());
        }
    }

    @Provide
    Arbitrary<Map.Entry<BackupConfiguration, String>> withoutRequired() {
        return Combinators.combine(ConfigurationArbitraries.valid(), Arbitraries.of("mysql.user", "mysql.datadir",
                "snapshot.work-dir")).as((valid, key) -> {
                    TreeMap<String, String> settings = new TreeMap<>(valid.settings());
                    settings.remove(key);
                    return Map.entry(new BackupConfiguration(valid.name(), valid.active(), settings), key);
                });
    }
}
