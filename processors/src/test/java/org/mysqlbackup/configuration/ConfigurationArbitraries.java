package org.mysqlbackup.configuration;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Valid values for every key of a configuration, and for each, values its validation must refuse. */
final class ConfigurationArbitraries {
    private ConfigurationArbitraries() {
    }

    static Arbitrary<String> names() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
                .ofMinLength(0).ofMaxLength(30).map(s -> "c" + s);
    }

    private static Arbitrary<String> word() {
        return Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12);
    }

    private static Arbitrary<String> duration() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 10_000_000).map(String::valueOf),
                Arbitraries.integers().between(1, 59).map(n -> n + "s"), Arbitraries.integers().between(1, 90).map(n -> n + "m"),
                Arbitraries.integers().between(1, 9).map(n -> n + "h30m"));
    }

    /** The keys every valid configuration here has, then optional keys with valid values. */
    static Arbitrary<BackupConfiguration> valid() {
        Arbitrary<Map<String, String>> service = Arbitraries.oneOf(
                word().map(n -> Map.of("mysql.service.strategy", "systemd", "mysql.service.name", n)),
                word().map(n -> Map.of("mysql.service.strategy", "sysv", "mysql.service.name", n)),
                word().map(n -> Map.of("mysql.service.strategy", "windows", "mysql.service.name", n)),
                word().map(n -> Map.of("mysql.service.strategy", "command",
                        "mysql.service.stop-command", "systemctl stop " + n,
                        "mysql.service.start-command", "systemctl start " + n + " & ")),
                word().map(n -> Map.of("mysql.service.strategy", "sql-shutdown",
                        "mysql.service.start-command", "/usr/sbin/mariadbd --defaults-file=/etc/" + n + ".cnf &")));
        Map<String, Arbitrary<String>> optional = new LinkedHashMap<>();
        optional.put("mysql.host", Arbitraries.of("127.0.0.1", "localhost", "db1.example.com", "::1"));
        optional.put("mysql.port", Arbitraries.integers().between(1, 65535).map(String::valueOf));
        optional.put("mysql.password", Arbitraries.oneOf(word().map(w -> "env:PW_" + w),
                word().map(w -> "{{env:PW_" + w + "}}"), Arbitraries.just("")));
        optional.put("mysql.pid-file", word().map(w -> "/run/" + w + "/mysqld.pid"));
        optional.put("mysql.stop.timeout-ms", duration());
        optional.put("mysql.down.timeout-ms", duration());
        optional.put("mysql.stop.escalation-factor", Arbitraries.of("1", "1.5", "2", "10"));
        optional.put("mysql.stop.allow-kill", Arbitraries.of("true", "false", "yes", "off"));
        optional.put("mysql.stop.kill-process-names", Arbitraries.of("mysqld", "mysqld,mariadbd", "mariadbd.exe"));
        optional.put("mysql.start.timeout-ms", duration());
        optional.put("mysql.verify.timeout-ms", duration());
        optional.put("snapshot.strategy", Arbitraries.of("zip", "copy", "reflink"));
        optional.put("snapshot.compression-level", Arbitraries.integers().between(0, 9).map(String::valueOf));
        optional.put("snapshot.compression-threads", Arbitraries.integers().between(1, 64).map(String::valueOf));
        optional.put("snapshot.copy-method", Arbitraries.of("java", "cp"));
        optional.put("snapshot.copy-threads", Arbitraries.integers().between(1, 64).map(String::valueOf));
        optional.put("snapshot.table-checksums", Arbitraries.of("true", "false"));
        List<String> keys = List.copyOf(optional.keySet());
        Arbitrary<Map<String, String>> extras = Arbitraries.subsetOf(keys).flatMap(chosen -> {
            List<String> ordered = keys.stream().filter(chosen::contains).toList();
            List<Arbitrary<String>> values = ordered.stream().map(optional::get).toList();
            return Combinators.combine(values.isEmpty() ? List.of(Arbitraries.just("")) : values).as(list -> {
                Map<String, String> m = new TreeMap<>();
                for (int i = 0; i < ordered.size(); i++) {
                    m.put(ordered.get(i), list.get(i));
                }
                return m;
            });
        });
        return Combinators.combine(names(), Arbitraries.of(true, false), word(), word(), service, extras)
                .as((name, active, user, dir, svc, more) -> {
                    TreeMap<String, String> settings = new TreeMap<>(more);
                    settings.putAll(svc);
                    settings.put("mysql.user", user);
                    settings.put("mysql.datadir", "/var/lib/" + dir);
                    settings.put("snapshot.work-dir", "/srv/backup-work/" + dir);
                    return new BackupConfiguration(name, active, settings);
                });
    }

    /**
     * The first configuration of each name, without those that would back up the instance of an
     * earlier one (same port, data directory or pid file; {@link ConfigurationFixture#BASE} sets
     * none of them, so an unset port is 3306): what a client may store together.
     */
    static List<BackupConfiguration> distinctInstances(List<BackupConfiguration> configurations) {
        Map<String, BackupConfiguration> kept = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (BackupConfiguration c : configurations) {
            List<String> instance = new ArrayList<>(List.of(
                    "port " + c.settings().getOrDefault("mysql.port", "3306"),
                    "datadir " + c.settings().get("mysql.datadir")));
            if (c.settings().containsKey("mysql.pid-file")) {
                instance.add("pid " + c.settings().get("mysql.pid-file"));
            }
            if (!kept.containsKey(c.name()) && instance.stream().noneMatch(taken::contains)) {
                kept.put(c.name(), c);
                taken.addAll(instance);
            }
        }
        return List.copyOf(kept.values());
    }

    /** Schedules in the canonical text an export writes (so equality of text is equality of schedules). */
    static Arbitrary<org.mysqlbackup.schedule.ScheduleInput> schedules() {
        Arbitrary<String> time = Combinators.combine(Arbitraries.integers().between(0, 23),
                Arbitraries.integers().between(0, 59)).as((h, m) -> String.format("%02d:%02d", h, m));
        Arbitrary<String> zone = Arbitraries.of("UTC", "Europe/Oslo", "America/New_York", "Asia/Kolkata",
                "Australia/Lord_Howe");
        Arbitrary<String> misfire = Arbitraries.of("skip", "run-once").injectNull(0.5);
        Arbitrary<Boolean> enabled = Arbitraries.of(true, false);
        return Arbitraries.oneOf(
                Combinators.combine(time, zone, misfire, enabled).as((t, z, m, e) ->
                        new org.mysqlbackup.schedule.ScheduleInput(null, "daily", t, null, null, z, m, e)),
                Combinators.combine(Arbitraries.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"), time, zone, misfire,
                        enabled).as((d, t, z, m, e) ->
                        new org.mysqlbackup.schedule.ScheduleInput(null, "weekly", t, d, null, z, m, e)),
                Combinators.combine(Arbitraries.integers().between(1, 31), time, zone, misfire, enabled)
                        .as((d, t, z, m, e) ->
                        new org.mysqlbackup.schedule.ScheduleInput(null, "monthly", t, d.toString(), null, z, m, e)),
                Combinators.combine(Arbitraries.of("0 0 2 * * ?", "0 0/30 1-5 ? * MON-FRI", "0 15 4 L * ?",
                        "0 0 12 ? * SUN#1"), zone, misfire, enabled).as((c, z, m, e) ->
                        new org.mysqlbackup.schedule.ScheduleInput(null, "cron", null, null, c, z, m, e)));
    }

    /** For each key some configurations may break, values that must be refused. */
    static final Map<String, List<String>> INVALID = Map.ofEntries(
            Map.entry("mysql.port", List.of("0", "65536", "abc", "33o6", "-1")),
            Map.entry("mysql.password", List.of("hunter2", "enc:v1:not-base64!", "enc:v1:AAAA", "env:")),
            Map.entry("mysql.datadir", List.of("var/lib/mysql", "relative", "/bad\0path")),
            Map.entry("mysql.pid-file", List.of("mysqld.pid", "./run/mysqld.pid")),
            Map.entry("mysql.service.strategy", List.of("upstart", "launchd")),
            Map.entry("mysql.stop.timeout-ms", List.of("-5", "abc", "30x", "1 h")),
            Map.entry("mysql.stop.escalation-factor", List.of("0.5", "11", "two")),
            Map.entry("mysql.stop.allow-kill", List.of("maybe", "2")),
            Map.entry("mysql.stop.kill-process-names", List.of("my sqld", "a;b")),
            Map.entry("snapshot.strategy", List.of("hot", "tar")),
            Map.entry("snapshot.compression-level", List.of("10", "-1", "max")),
            Map.entry("snapshot.compression-threads", List.of("0", "65")),
            Map.entry("snapshot.copy-method", List.of("rsync", "scp")),
            Map.entry("snapshot.work-dir", List.of("work", "tmp/work")),
            Map.entry("snapshot.table-checksums", List.of("sometimes")),
            Map.entry("mysql.colour", List.of("blue")),
            Map.entry("server.host", List.of("elsewhere.example.com")));
}
