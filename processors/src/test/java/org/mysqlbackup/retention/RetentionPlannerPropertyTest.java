package org.mysqlbackup.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * Seed property 25 and what retention promises besides: whatever the backups (intact, corrupt,
 * missing, in any mix) and the rules, the newest intact backup of every configuration survives,
 * a corrupt or missing backup changes nothing for the intact ones (none is deleted because of a
 * damaged newer one), every backup is either kept or deleted (with a reason), a size limit is met
 * unless only that newest intact backup is left, and the count and day rules keep exactly what a
 * plain reading of them keeps.
 */
class RetentionPlannerPropertyTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    /** The planner's order: newest first, ties by path. */
    private static final Comparator<StoredBackup> NEWEST_FIRST = Comparator.comparing(StoredBackup::createdAt)
            .reversed().thenComparing(StoredBackup::path);

    @Property(tries = 500, seed = "2511202600000000025")
    void theNewestGoodBackupOfEveryConfigurationSurvivesAnyPolicy(@ForAll("backups") List<StoredBackup> backups,
                                                                  @ForAll("policies") RetentionPolicy policy) {
        RetentionPlan plan = RetentionPlanner.plan(backups, policy, NOW);

        for (StoredBackup newestGood : newestGoodPerConfiguration(backups)) {
            assertThat(plan.keep()).contains(newestGood);
            assertThat(plan.delete()).extracting(RetentionPlan.Deletion::backup).doesNotContain(newestGood);
        }
    }

    @Property(tries = 500, seed = "2511202600000000026")
    void corruptOrMissingBackupsChangeNothingForTheIntactOnes(@ForAll("backups") List<StoredBackup> backups,
                                                             @ForAll("policies") RetentionPolicy policy) {
        List<StoredBackup> intact = backups.stream().filter(StoredBackup::good).toList();

        RetentionPlan withDamaged = RetentionPlanner.plan(backups, policy, NOW);
        RetentionPlan intactOnly = RetentionPlanner.plan(intact, policy, NOW);

        // the intact backups are kept and deleted, for the same reasons, as if the damaged ones were not there
        assertThat(withDamaged.keep().stream().filter(StoredBackup::good).toList())
                .containsExactlyInAnyOrderElementsOf(intactOnly.keep());
        assertThat(withDamaged.delete().stream().filter(d -> d.backup().good()).map(d -> d.backup().path() + ": "
                + d.reason()).toList()).containsExactlyInAnyOrderElementsOf(intactOnly.delete().stream()
                .map(d -> d.backup().path() + ": " + d.reason()).toList());
    }

    @Property(tries = 200, seed = "2511202600000000027")
    void aDamagedNewestBackupNeverProtectsItself(
            @ForAll("backups") List<StoredBackup> backups, @ForAll @IntRange(min = 1, max = 5) int n,
            @ForAll @IntRange(min = 1, max = 5) int damaged) {
        // the newest `damaged` backups of db-1/main are corrupt or missing, every older one intact
        List<StoredBackup> all = new ArrayList<>(backups);
        for (int i = 0; i < damaged; i++) {
            all.add(new StoredBackup("db-1/main/damaged-" + i + ".zip", "db-1", "main", NOW.plusSeconds(i + 1), 1,
                    false));
        }
        RetentionPlan plan = RetentionPlanner.plan(all, new RetentionPolicy(Duration.ofSeconds(1), n, 1L, null, null,
                null), NOW.plusSeconds(10_000_000));

        // everything is beyond max-age and the size limit: only the newest intact backup stays
        Set<StoredBackup> expected = new HashSet<>(newestGoodPerConfiguration(all));
        assertThat(plan.keep()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(plan.keep()).noneMatch(b -> !b.good());
    }

    @Property(tries = 300, seed = "-2511202600000000001")
    void everyBackupIsEitherKeptOrDeletedWithAReason(@ForAll("backups") List<StoredBackup> backups,
                                                     @ForAll("policies") RetentionPolicy policy) {
        RetentionPlan plan = RetentionPlanner.plan(backups, policy, NOW);

        List<String> all = new ArrayList<>(plan.keep().stream().map(StoredBackup::path).toList());
        plan.delete().forEach(d -> all.add(d.backup().path()));
        assertThat(all).containsExactlyInAnyOrderElementsOf(backups.stream().map(StoredBackup::path).toList());
        assertThat(plan.delete()).allSatisfy(d -> assertThat(d.reason()).isNotBlank());
    }

    @Property(tries = 300, seed = "2511202600000000002")
    void aSizeLimitIsMetUnlessOnlyTheNewestGoodBackupIsLeft(@ForAll("backups") List<StoredBackup> backups,
                                                            @ForAll @IntRange(min = 1, max = 2_000) int limitMiB) {
        long limit = (long) limitMiB << 20;
        RetentionPlan plan = RetentionPlanner.plan(backups, new RetentionPolicy(null, null, limit, null, null, null), NOW);

        Set<StoredBackup> protectedOnes = new HashSet<>(newestGoodPerConfiguration(backups));
        for (List<StoredBackup> kept : byConfiguration(plan.keep()).values()) {
            long total = kept.stream().mapToLong(StoredBackup::bytes).sum();
            if (total > limit) {
                assertThat(kept).hasSize(1);
                assertThat(protectedOnes).contains(kept.get(0));
            }
        }
        // oldest first, and only what had to go: putting back the last one deleted would break the limit
        for (List<StoredBackup> kept : byConfiguration(plan.keep()).values()) {
            String client = kept.get(0).client();
            String config = kept.get(0).config();
            long total = kept.stream().mapToLong(StoredBackup::bytes).sum();
            plan.delete().stream().map(RetentionPlan.Deletion::backup)
                    .filter(b -> b.client().equals(client) && b.config().equals(config))
                    .min(NEWEST_FIRST)
                    .ifPresent(newestDeleted -> assertThat(total + newestDeleted.bytes()).isGreaterThan(limit));
        }
    }

    @Property(tries = 200, seed = "2511202600000000003")
    void keepLastKeepsTheNewestNAndTheNewestGood(@ForAll("backups") List<StoredBackup> backups,
                                                 @ForAll @IntRange(min = 1, max = 10) int n) {
        RetentionPlan plan = RetentionPlanner.plan(backups, new RetentionPolicy(null, n, null, null, null, null), NOW);

        // the newest n intact ones (damaged ones take no place), and the damaged ones among the newest n of all
        Set<StoredBackup> expected = new HashSet<>(newestGoodPerConfiguration(backups));
        for (List<StoredBackup> group : byConfiguration(backups).values()) {
            group.stream().filter(StoredBackup::good).sorted(NEWEST_FIRST).limit(n).forEach(expected::add);
            group.stream().sorted(NEWEST_FIRST).limit(n).filter(b -> !b.good()).forEach(expected::add);
        }
        assertThat(plan.keep()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Property(tries = 200, seed = "2511202600000000004")
    void keepDailyKeepsTheNewestOfEachOfTheLastNDays(@ForAll("backups") List<StoredBackup> backups,
                                                     @ForAll @IntRange(min = 1, max = 20) int days) {
        RetentionPlan plan = RetentionPlanner.plan(backups, new RetentionPolicy(null, null, null, days, null, null), NOW);

        Set<StoredBackup> expected = new HashSet<>(newestGoodPerConfiguration(backups));
        for (List<StoredBackup> group : byConfiguration(backups).values()) {
            newestPerDay(group.stream().filter(StoredBackup::good).toList(), days).forEach(expected::add);
            newestPerDay(group, days).stream().filter(b -> !b.good()).forEach(expected::add);
        }
        assertThat(plan.keep()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Property(tries = 100, seed = "2511202600000000005")
    void withoutRulesNothingIsDeleted(@ForAll("backups") List<StoredBackup> backups) {
        assertThat(RetentionPlanner.plan(backups, RetentionPolicy.keepAll(), NOW).delete()).isEmpty();
    }

    private static List<StoredBackup> newestPerDay(List<StoredBackup> group, int days) {
        Map<LocalDate, StoredBackup> newestPerDay = new LinkedHashMap<>();
        group.stream().sorted(NEWEST_FIRST)
                .forEach(b -> newestPerDay.putIfAbsent(LocalDate.ofInstant(b.createdAt(), ZoneOffset.UTC), b));
        return newestPerDay.values().stream().limit(days).toList();
    }

    private static List<StoredBackup> newestGoodPerConfiguration(List<StoredBackup> backups) {
        return byConfiguration(backups).values().stream()
                .flatMap(group -> group.stream().filter(StoredBackup::good)
                        .sorted(NEWEST_FIRST)
                        .limit(1))
                .toList();
    }

    private static Map<List<String>, List<StoredBackup>> byConfiguration(List<StoredBackup> backups) {
        return backups.stream().collect(Collectors.groupingBy(b -> List.of(b.client(), b.config()), LinkedHashMap::new,
                Collectors.toList()));
    }

    /** What verify would say of a backup. */
    enum Health { INTACT, CORRUPT, MISSING }

    @Provide
    Arbitrary<List<StoredBackup>> backups() {
        Arbitrary<String> clients = Arbitraries.of("db-1", "db-2", "db-3");
        Arbitrary<String> configs = Arbitraries.of("main", "archive");
        Arbitrary<Instant> times = Arbitraries.longs().between(0, 400L * 86_400).map(NOW::minusSeconds);
        Arbitrary<Long> sizes = Arbitraries.longs().between(1, 1L << 30);
        // intact, corrupt (verify found it so, or its size differs) or missing: retention sees the last two alike
        Arbitrary<Boolean> good = Arbitraries.frequency(Tuple.of(6, Health.INTACT), Tuple.of(2, Health.CORRUPT),
                Tuple.of(2, Health.MISSING)).map(h -> h == Health.INTACT);
        return Combinators.combine(clients, configs, times, sizes, good)
                .as((client, config, time, size, ok) -> new StoredBackup(null, client, config, time, size, ok))
                .list().ofMaxSize(40)
                .map(list -> IntStream.range(0, list.size())
                        .mapToObj(i -> {
                            StoredBackup b = list.get(i);
                            return new StoredBackup(b.client() + "/" + b.config() + "/backup-" + i + ".zip", b.client(),
                                    b.config(), b.createdAt(), b.bytes(), b.good());
                        }).toList());
    }

    @Provide
    Arbitrary<RetentionPolicy> policies() {
        Arbitrary<Duration> age = Arbitraries.integers().between(1, 400).map(Duration::ofDays).injectNull(0.5);
        Arbitrary<Integer> count = Arbitraries.integers().between(1, 15).injectNull(0.5);
        Arbitrary<Long> bytes = Arbitraries.longs().between(1, 20L << 30).injectNull(0.5);
        return Combinators.combine(age, count, bytes, count, count, count).as(RetentionPolicy::new);
    }
}
