package org.mysqlbackup.configuration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mysqlbackup.schedule.ScheduleInput;
import org.mysqlbackup.schedule.ScheduleStore;
import org.mysqlbackup.schedule.ScheduleValidator;

/**
 * Seed property 1: configurations and their schedules stored, exported to the YAML file, and
 * imported into another client database come back equal, with their secrets (env references and
 * values encrypted under the first host's key, readable again with that key) unchanged.
 */
class ConfigurationRoundTripPropertyTest {
    @Property(tries = 100, seed = "20261126")
    void exportThenImportGivesBackTheSameConfigurations(@ForAll("configurationSets") List<BackupConfiguration> generated,
                                                        @ForAll("scheduleLists") List<List<ScheduleInput>> plans,
                                                        @ForAll("clearSecrets") String clear) throws Exception {
        try (ConfigurationFixture first = new ConfigurationFixture()) {
            List<BackupConfiguration> stored = new ArrayList<>();
            Map<String, List<ScheduleInput>> wanted = new LinkedHashMap<>();
            for (int i = 0; i < generated.size(); i++) {
                BackupConfiguration c = generated.get(i);
                first.catalog.add(c);
                stored.add(c);
                List<ScheduleInput> plan = plans.get(i % plans.size()).stream().map(in -> new ScheduleInput(c.name(),
                        in.type(), in.time(), in.day(), in.cron(), in.timeZone(), in.misfire(), in.enabled())).toList();
                // as `schedule set` stores them: validated, then replacing the configuration's schedules
                ScheduleValidator validator = new ScheduleValidator(name -> true);
                new ScheduleStore(first.db, java.time.Clock.systemUTC()).replaceAll(c.name(),
                        plan.stream().map(in -> validator.check(in).orThrow()).toList());
                wanted.put(c.name(), plan);
            }
            // one set with the CLI's set-secret: encrypted under this host's key
            if (!stored.isEmpty()) {
                first.catalog.setSecret(stored.get(0).name(), "mysql.password", clear);
                String sealed = first.catalog.require(stored.get(0).name()).settings().get("mysql.password");
                assertThat(sealed).startsWith(SecretCodec.ENCRYPTED_PREFIX).doesNotContain(clear);
                stored.set(0, stored.get(0).with("mysql.password", sealed));
            }
            assertThat(first.catalog.list()).containsExactlyInAnyOrderElementsOf(stored);
            for (ExportedConfiguration e : first.catalog.exportAll()) {
                assertThat(e.schedules()).as("schedules of " + e.name()).isEqualTo(wanted.get(e.name()));
            }

            String exported = new ConfigurationFile().write(first.catalog.exportAll());
            // an unchanged export imported back keeps every schedule id: an --id from a listing still points at it
            ScheduleStore firstSchedules = new ScheduleStore(first.db, java.time.Clock.systemUTC());
            List<org.mysqlbackup.schedule.Schedule> before = firstSchedules.list();
            first.catalog.importFile(new ConfigurationFile().read(exported));
            assertThat(firstSchedules.list()).as("schedules, ids included, after re-importing the export")
                    .isEqualTo(before);
            try (ConfigurationFixture second = new ConfigurationFixture(
                    java.nio.file.Files.createTempDirectory("configurations"))) {
                // the same key file: the encrypted value stays readable (a host restoring its own export)
                if (!stored.isEmpty()) {
                    java.nio.file.Files.copy(first.folder.resolve("secrets.key"), second.folder.resolve("secrets.key"));
                }
                second.catalog.importFile(new ConfigurationFile().read(exported));
                assertThat(second.catalog.list()).containsExactlyInAnyOrderElementsOf(stored);
                assertThat(second.catalog.exportAll()).isEqualTo(first.catalog.exportAll());
                assertThat(new ConfigurationFile().write(second.catalog.exportAll())).isEqualTo(exported);
                if (!stored.isEmpty()) {
                    assertThat(second.secrets.reveal("mysql.password",
                            second.catalog.require(stored.get(0).name()).settings().get("mysql.password"))).isEqualTo(clear);
                }
            }
        }
    }

    @Provide
    Arbitrary<List<BackupConfiguration>> configurationSets() {
        return ConfigurationArbitraries.valid().list().ofMinSize(0).ofMaxSize(5)
                .map(ConfigurationArbitraries::distinctInstances);
    }

    @Provide
    Arbitrary<List<List<ScheduleInput>>> scheduleLists() {
        return ConfigurationArbitraries.schedules().list().ofMaxSize(3).list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<String> clearSecrets() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(40).excludeChars('\n', '\r', '\0');
    }
}
