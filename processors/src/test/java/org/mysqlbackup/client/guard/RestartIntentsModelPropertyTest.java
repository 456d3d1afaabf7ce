package org.mysqlbackup.client.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.mysqlbackup.client.run.RunOwner;
import org.mysqlbackup.mysql.MySqlInstance;

/**
 * Whatever sequence of record, update and clear a backup, its guards and the daemon run over a few
 * backups, the folder holds exactly the intents of the backups not cleared, each with the content
 * written last, listed in backup order, with no unreadable file and no temporary left behind; a
 * second instance over the same folder (another process) sees the same.
 */
class RestartIntentsModelPropertyTest {
    /** Ids whose names sort differently from their numbers. */
    private static final List<Long> IDS = List.of(1L, 7L, 10L, Long.MAX_VALUE);
    private static final AtomicInteger FOLDERS = new AtomicInteger();

    private static Path temp;

    @BeforeContainer
    static void setUp() throws IOException {
        temp = Files.createTempDirectory("restart-intents-model-");
    }

    @AfterContainer
    static void tearDown() throws IOException {
        try (Stream<Path> files = Files.walk(temp)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Property(tries = 150, seed = "2718281828459045235")
    void theFolderHoldsExactlyTheLastContentOfEveryBackupNotCleared(@ForAll("operations") List<Operation> operations)
            throws IOException {
        Path folder = temp.resolve("run-" + FOLDERS.incrementAndGet()).resolve("intents");
        RestartIntents intents = new RestartIntents(folder);
        Map<Long, RestartIntent> model = new TreeMap<>();

        for (Operation operation : operations) {
            switch (operation.kind()) {
                case RECORD -> {
                    intents.record(operation.intent());
                    model.put(operation.id(), operation.intent());
                }
                case UPDATE -> {
                    intents.update(operation.intent());
                    model.put(operation.id(), operation.intent());
                }
                case CLEAR -> {
                    intents.clear(operation.id());
                    model.remove(operation.id());
                }
            }
            assertThat(intents.find(operation.id())).as("after %s", operation)
                    .isEqualTo(Optional.ofNullable(model.get(operation.id())));
        }

        RestartIntents.Listing listing = intents.list();
        assertThat(listing.unreadable()).isEmpty();
        assertThat(listing.intents()).containsExactlyElementsOf(model.values());
        assertThat(new RestartIntents(folder).list().intents()).containsExactlyElementsOf(model.values());
        for (long id : IDS) {
            assertThat(intents.find(id)).as("backup %d", id).isEqualTo(Optional.ofNullable(model.get(id)));
        }
        if (Files.isDirectory(folder)) {
            assertThat(RestartIntentsTest.namesIn(folder)).as("one file per intent, no temporary")
                    .containsExactlyInAnyOrderElementsOf(model.keySet().stream()
                            .map(id -> "backup-" + id + ".json").toList());
        } else {
            assertThat(model).isEmpty();
        }
    }

    enum Kind { RECORD, UPDATE, CLEAR }

    record Operation(Kind kind, long id, RestartIntent intent) {
        @Override
        public String toString() {
            return kind + " " + id;
        }
    }

    @Provide
    Arbitrary<List<Operation>> operations() {
        Arbitrary<Long> ids = Arbitraries.of(IDS);
        Arbitrary<Operation> write = Combinators.combine(Arbitraries.of(Kind.RECORD, Kind.UPDATE), ids, contents())
                .as((kind, id, content) -> new Operation(kind, id, content.apply(id)));
        Arbitrary<Operation> clear = ids.map(id -> new Operation(Kind.CLEAR, id, null));
        return Arbitraries.frequencyOf(
                        Tuple.of(3, write),
                        Tuple.of(1, clear))
                .list().ofMinSize(1).ofMaxSize(14);
    }

    /** An intent for any backup id, somewhere along its transitions, with any text in its fields. */
    private Arbitrary<LongFunction<RestartIntent>> contents() {
        Arbitrary<String> text = Arbitraries.strings()
                .withCharRange('\u0000', '\uD7FF')
                .withCharRange('\uE000', '\uFFFD')
                .ofMinLength(0).ofMaxLength(24);
        Arbitrary<Instant> instants = Arbitraries.longs().between(0, 4_000_000_000L)
                .flatMap(seconds -> Arbitraries.integers().between(0, 999_999_999)
                        .map(nanos -> Instant.ofEpochSecond(seconds, nanos)));
        return Combinators.combine(text, text, Arbitraries.integers().between(1, 65535), Arbitraries.of(true, false),
                        Arbitraries.integers().between(0, 5), instants, Arbitraries.longs().between(1, 4_194_304),
                        Arbitraries.of(true, false))
                .as((config, service, port, withPidFile, progress, at, pid, ownerStartKnown) -> id -> {
                    RunOwner owner = new RunOwner(pid, ownerStartKnown ? at.minusSeconds(3600) : null);
                    MySqlInstance mysql = new MySqlInstance("db-" + config,
                            port, "backup", "secret", Path.of("/var/lib/mysql-" + port),
                            withPidFile ? Path.of("/run/mysqld/" + port + ".pid") : null);
                    RestartIntent intent = RestartIntent.beforeStop(id, config, owner, mysql, service, at);
                    if (progress >= 1) {
                        intent = intent.commandRunning(new RunOwner(pid + 1, at));
                    }
                    if (progress >= 2) {
                        intent = intent.provenDown(at.plusMillis(1500));
                    }
                    if (progress >= 3) {
                        intent = intent.startRequested(at.plusSeconds(9));
                    }
                    if (progress >= 4) {
                        intent = intent.commandRunning(new RunOwner(pid + 2, null));
                    }
                    if (progress >= 5) {
                        intent = intent.givenUp(at.plusSeconds(300));
                    }
                    return intent;
                });
    }
}
