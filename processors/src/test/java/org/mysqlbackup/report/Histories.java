package org.mysqlbackup.report;

import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.mysqlbackup.client.run.BackupStatus;

/**
 * Generated client histories: backups of a few configurations (names with commas, quotes, line
 * breaks and accents, which CSV must survive), in every status, with nulls where the real client
 * leaves them (no downtime when MySQL was never stopped, no size before the zip existed), start
 * times that often coincide, and a few chunks each.
 */
public final class Histories {
    /** 2026-01-01T00:00:00Z; generated times lie within a year after it. */
    public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    public static final long SPAN_MS = 366L * 24 * 3600 * 1000;
    public static final List<String> CONFIGS = List.of("main", "a,b", "quote\"d", "ünï", "Zeta", "line\nbreak");

    private Histories() {
    }

    public static Arbitrary<List<LoggedBackup>> histories(int max) {
        return backups().list().ofMinSize(0).ofMaxSize(max);
    }

    public static Arbitrary<Instant> times() {
        Arbitrary<Instant> anywhere = Arbitraries.longs().between(0, SPAN_MS).map(EPOCH::plusMillis);
        // a few fixed instants, so that several backups share a start time (ties are broken by id)
        Arbitrary<Instant> shared = Arbitraries.of(0L, 1L, 86_400_000L, SPAN_MS / 2, SPAN_MS).map(EPOCH::plusMillis);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, anywhere), net.jqwik.api.Tuple.of(1, shared));
    }

    static Arbitrary<String> text() {
        return Arbitraries.strings().withChars("abcxyz ,;\"'\n\tüé€-_/").ofMinLength(1).ofMaxLength(30);
    }

    static Arbitrary<String> nullableText() {
        return text().injectNull(0.4);
    }

    static Arbitrary<Long> nullableLong(long max) {
        return Arbitraries.longs().between(0, max).injectNull(0.3);
    }

    static Arbitrary<LoggedBackup> backups() {
        Arbitrary<LoggedBackup.Chunk> chunk = Combinators.combine(Arbitraries.integers().between(0, 5000),
                Arbitraries.integers().between(1, 1 << 26), times(), Arbitraries.of("Stored", "Sent", "Retried"))
                .as(LoggedBackup.Chunk::new);
        List<Arbitrary<Object>> columns = List.of(
                Arbitraries.of(CONFIGS).asGeneric(),
                times().asGeneric(),
                times().injectNull(0.2).asGeneric(),
                Arbitraries.of(BackupStatus.class).asGeneric(),
                Arbitraries.of("pre-flight", "snapshot", "transfer", "cleanup").injectNull(0.2).asGeneric(),
                nullableText().asGeneric(),
                nullableText().asGeneric(),
                nullableLong(1L << 42).asGeneric(),
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(64).injectNull(0.3).asGeneric(),
                nullableText().asGeneric(),
                nullableText().asGeneric(),
                nullableLong(600_000).asGeneric(),
                nullableLong(24L * 3600 * 1000).asGeneric(),
                Arbitraries.of(true, false).injectNull(0.3).asGeneric(),
                text().injectNull(0.7).asGeneric(),
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(32).injectNull(0.3).asGeneric(),
                Arbitraries.integers().between(65536, 1 << 28).injectNull(0.3).asGeneric(),
                nullableLong(1L << 42).asGeneric(),
                nullableLong(1L << 32).asGeneric(),
                times().injectNull(0.3).asGeneric(),
                chunk.list().ofMaxSize(4).asGeneric());
        return Combinators.combine(columns).as(Histories::backup);
    }

    @SuppressWarnings("unchecked")
    private static LoggedBackup backup(List<Object> v) {
        return new LoggedBackup((String) v.get(0), (Instant) v.get(1), (Instant) v.get(2), (BackupStatus) v.get(3),
                (String) v.get(4), (String) v.get(5), (String) v.get(6), (Long) v.get(7), (String) v.get(8),
                (String) v.get(9), (String) v.get(10), (Long) v.get(11), (Long) v.get(12), (Boolean) v.get(13),
                (String) v.get(14), (String) v.get(15), (Integer) v.get(16), (Long) v.get(17), (Long) v.get(18),
                (Instant) v.get(19), (List<LoggedBackup.Chunk>) v.get(20));
    }
}
