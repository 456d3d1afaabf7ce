package org.mysqlbackup.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * No two configurations a client holds back up one MySQL instance: whatever is added one by one
 * and then imported, a configuration is stored exactly when its effective port, data directory
 * and pid file (however spelled) are nobody else's, client.properties' own instance included
 * unless a configuration of its name replaces it; a refusal names every shared key once per
 * configuration sharing it, and stores nothing. The expected errors come from the canonical
 * values the generator chose, not from path normalization.
 */
class ConfigurationInstanceConflictPropertyTest {
    private static final String OWN_PORT = "3306";
    private static final String OWN_DATADIR = "/var/lib/mysql";
    private static final String OWN_PID = "/run/mysqld/mysqld.pid";
    private static final List<String> NAMES = List.of("main", "a1", "b2", "c3", "d4", "e5");
    /** "" in PORTS and PID_FILES: the key is not set, client.properties' value applies. */
    private static final List<String> PORTS = List.of("", OWN_PORT, "3307", "3308", "3309");
    private static final List<String> DATADIRS = List.of(OWN_DATADIR, "/srv/mysql-a", "/srv/mysql-b", "/srv/data/mysql-c");
    private static final List<String> PID_FILES = List.of("", OWN_PID, "/run/a.pid", "/run/mysqld/b.pid", "/run/c.pid");

    /** One configuration with the canonical values it runs with (what its spelled settings mean). */
    record Planned(BackupConfiguration configuration, String port, String datadir, String pidFile) {
        String name() {
            return configuration.name();
        }
    }

    /** @param ownName client.properties' backup.name; {@code null}: not set, so "main" */
    record Case(String ownName, List<Planned> added, List<Planned> imported) {
        String own() {
            return ownName == null ? "main" : ownName;
        }
    }

    @Property(tries = 150, seed = "3306")
    void aConfigurationIsStoredExactlyWhenItsInstanceIsItsOwn(@ForAll("cases") Case c) throws Exception {
        Map<String, String> properties = c.ownName() == null ? Map.of() : Map.of("backup.name", c.ownName());
        try (ConfigurationFixture fixture = new ConfigurationFixture(ConfigurationFixture.withOwnInstance(properties))) {
            Map<String, Planned> stored = new LinkedHashMap<>();
            for (Planned p : c.added()) {
                List<FieldError> expected = expected(p, List.copyOf(stored.values()), c.own());
                if (expected.isEmpty()) {
                    fixture.catalog.add(p.configuration());
                    stored.put(p.name(), p);
                } else {
                    assertThatThrownBy(() -> fixture.catalog.add(p.configuration()))
                            .isInstanceOfSatisfying(InvalidConfigurationException.class,
                                    e -> assertThat(e.errors()).containsExactlyInAnyOrderElementsOf(expected));
                }
                assertThat(fixture.catalog.list()).containsExactlyInAnyOrderElementsOf(configurations(stored));
            }
            Statistics.label("added").collect(stored.size() + " of " + c.added().size());

            List<Planned> after = new ArrayList<>(c.imported());
            stored.values().stream().filter(s -> c.imported().stream().noneMatch(i -> i.name().equals(s.name())))
                    .forEach(after::add);
            Map<String, List<FieldError>> expected = new LinkedHashMap<>();
            for (Planned p : c.imported()) {
                List<FieldError> errors = expected(p, after, c.own());
                if (!errors.isEmpty()) {
                    expected.put(p.name(), errors);
                }
            }
            List<BackupConfiguration> file = c.imported().stream().map(Planned::configuration).toList();
            Statistics.label("import").collect(expected.isEmpty() ? "accepted" : "refused",
                    after.stream().anyMatch(p -> p.name().equals(c.own())) ? "own replaced" : "own kept");
            if (expected.isEmpty()) {
                fixture.catalog.importAll(file);
                assertThat(fixture.catalog.list()).containsExactlyInAnyOrderElementsOf(configurations(after));
            } else {
                assertThatThrownBy(() -> fixture.catalog.importAll(file))
                        .isInstanceOfSatisfying(ConfigurationCatalog.InvalidImportException.class, e -> {
                            assertThat(e.errors()).containsOnlyKeys(expected.keySet());
                            expected.forEach((name, errors) ->
                                    assertThat(e.errors().get(name)).containsExactlyInAnyOrderElementsOf(errors));
                        });
                assertThat(fixture.catalog.list()).containsExactlyInAnyOrderElementsOf(configurations(stored));
            }
            for (BackupConfiguration each : fixture.catalog.list()) {
                assertThat(fixture.catalog.validate(each)).as("stored " + each.name()).isEmpty();
            }
        }
    }

    private static List<BackupConfiguration> configurations(Map<String, Planned> planned) {
        return configurations(planned.values());
    }

    private static List<BackupConfiguration> configurations(Collection<Planned> planned) {
        return planned.stream().map(Planned::configuration).toList();
    }

    /** What sharing an instance with {@code others} and client.properties' own must cost {@code p}. */
    private static List<FieldError> expected(Planned p, List<Planned> others, String ownName) {
        record Other(String described, String port, String datadir, String pidFile) {
        }
        List<Other> theirs = new ArrayList<>();
        boolean replaced = p.name().equals(ownName) || others.stream().anyMatch(o -> o.name().equals(ownName));
        if (!replaced) {
            theirs.add(new Other("configuration '" + ownName + "' (client.properties)", OWN_PORT, OWN_DATADIR, OWN_PID));
        }
        others.stream().filter(o -> !o.name().equals(p.name()))
                .forEach(o -> theirs.add(new Other("configuration '" + o.name() + "'", o.port(), o.datadir(), o.pidFile())));
        List<FieldError> errors = new ArrayList<>();
        Map<String, Function<Other, String>> keys = new TreeMap<>(Map.of(
                "mysql.port", Other::port, "mysql.datadir", Other::datadir, "mysql.pid-file", Other::pidFile));
        Map<String, String> mine = Map.of("mysql.port", p.port(), "mysql.datadir", p.datadir(),
                "mysql.pid-file", p.pidFile());
        Map<String, String> what = Map.of("mysql.port", "port", "mysql.datadir", "data directory",
                "mysql.pid-file", "pid file");
        keys.forEach((key, value) -> theirs.stream().filter(o -> value.apply(o).equals(mine.get(key)))
                .forEach(o -> errors.add(new FieldError(key, (key.equals("mysql.port") ? mine.get(key)
                        : "'" + mine.get(key) + "'") + " is also the " + what.get(key) + " of " + o.described()
                        + "; two configurations must not back up one instance: give each its own mysql.port,"
                        + " mysql.datadir and mysql.pid-file"))));
        return errors;
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<String> ownName = Arbitraries.of("main", "c3", "primary", "primary").injectNull(0.3);
        return Combinators.combine(ownName, plans(), plans()).as(Case::new);
    }

    /** Two to five configurations of distinct names, in the order they are given. */
    private static Arbitrary<List<Planned>> plans() {
        return Combinators.combine(Arbitraries.shuffle(NAMES), shape().list().ofMinSize(2).ofMaxSize(5))
                .as((names, shapes) -> {
                    List<Planned> out = new ArrayList<>();
                    for (int i = 0; i < shapes.size(); i++) {
                        out.add(shapes.get(i).apply(names.get(i)));
                    }
                    return out;
                });
    }

    /**
     * A configuration of a given name: mostly an instance of its own (a port, data directory and
     * pid file no other name has), otherwise values from small pools, so that they collide often.
     */
    private static Arbitrary<Function<String, Planned>> shape() {
        Arbitrary<Integer> spelling = Arbitraries.integers().between(0, 4);
        Arbitrary<Boolean> fresh = Arbitraries.integers().between(1, 3).map(n -> n > 1);
        return Combinators.combine(fresh, Arbitraries.of(PORTS), Arbitraries.of(DATADIRS), spelling,
                Arbitraries.of(PID_FILES), spelling, Arbitraries.of("zip", "copy"))
                .as((own, pooledPort, pooledDatadir, datadirSpelling, pooledPid, pidSpelling, strategy) -> name -> {
                    String port = own ? Integer.toString(3400 + NAMES.indexOf(name)) : pooledPort;
                    String datadir = own ? "/srv/own/" + name : pooledDatadir;
                    String pid = own ? "/run/own/" + name + ".pid" : pooledPid;
                    TreeMap<String, String> settings = new TreeMap<>(Map.of(
                            "mysql.datadir", spelled(datadir, datadirSpelling),
                            "snapshot.work-dir", "/srv/backup-work/" + name,
                            "snapshot.strategy", strategy));
                    if (!port.isEmpty()) {
                        settings.put("mysql.port", port);
                    }
                    if (!pid.isEmpty()) {
                        settings.put("mysql.pid-file", spelled(pid, pidSpelling));
                    }
                    return new Planned(new BackupConfiguration(name, true, settings),
                            port.isEmpty() ? OWN_PORT : port, datadir, pid.isEmpty() ? OWN_PID : pid);
                });
    }

    /** The same absolute path, written one of five ways. */
    private static String spelled(String path, int way) {
        int slash = path.lastIndexOf('/');
        String parent = path.substring(0, slash);
        String last = path.substring(slash + 1);
        return switch (way) {
            case 0 -> path;
            case 1 -> path + "/";
            case 2 -> parent + "/./" + last;
            case 3 -> parent + "/old/../" + last;
            default -> "/tmp/.." + path;
        };
    }
}
