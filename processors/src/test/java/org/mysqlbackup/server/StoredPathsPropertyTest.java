package org.mysqlbackup.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Seed properties 23 and 24: whatever the client id, configuration name and server name hold, a
 * stored backup's folder lies strictly inside the storage root at the depth its pattern says, and
 * every backup filed into a folder gets a name no other backup there has.
 */
class StoredPathsPropertyTest {
    private static Path temp;
    private static StorageLayout layout;

    @BeforeContainer
    static void createRoot() throws IOException {
        temp = Files.createTempDirectory("stored-paths-");
        layout = new StorageLayout(temp.resolve("storage"));
    }

    @AfterContainer
    static void deleteRoot() throws IOException {
        TempFolders.delete(temp);
    }

    @Property(tries = 1000, seed = "2402202400000000024")
    void aBackupFolderIsStrictlyInsideTheRootAtThePatternsDepth(@ForAll("directoryPatterns") String pattern,
                                                                @ForAll("hostile") String client,
                                                                @ForAll("hostile") String config,
                                                                @ForAll("hostile") String server,
                                                                @ForAll("hostile") String database,
                                                                @ForAll("instants") Instant createdAt) {
        List<String> segments = new StoredDirectoryNamer(pattern, server).segments(client, config, database, createdAt);

        Path folder = layout.backupDirectory(segments);

        assertThat(folder.normalize()).isEqualTo(folder);
        assertThat(folder.startsWith(layout.root())).isTrue();
        assertThat(layout.root().relativize(folder).getNameCount()).isEqualTo(pattern.split("/").length);
        assertThat(folder.startsWith(layout.root().resolve(".staging"))).isFalse();
        for (String segment : segments) {
            assertThat(segment).matches("[A-Za-z0-9._-]{1,100}").doesNotContain("..").doesNotStartWith(".")
                    .doesNotStartWith("-");
        }
    }

    @Property(tries = 200, seed = "2311202300000000023")
    void everyBackupFiledInAFolderGetsANameNoOtherHas(@ForAll("filePatterns") String pattern,
                                                      @ForAll("hostile") String client,
                                                      @ForAll("hostile") String config,
                                                      @ForAll("hostile") String database,
                                                      @ForAll("instants") Instant createdAt,
                                                      @ForAll @IntRange(min = 1, max = 30) int backups) {
        StoredFileNamer namer = new StoredFileNamer(pattern, "backup-1");
        Set<String> folder = new HashSet<>();
        for (int b = 0; b < backups; b++) {
            // as TransferFinalizeHandler places a file: the first candidate not taken, never an overwrite
            String placed = null;
            for (int attempt = 1; placed == null; attempt++) {
                String candidate = namer.name(client, config, database, createdAt, attempt);
                assertThat(candidate).matches("[A-Za-z0-9._-]+").doesNotStartWith(".").doesNotStartWith("-");
                if (folder.add(candidate)) {
                    placed = candidate;
                }
                assertThat(attempt).as("candidates for backup %d", b).isLessThanOrEqualTo(backups);
            }
        }
        assertThat(folder).hasSize(backups);
    }

    @Provide
    Arbitrary<String> directoryPatterns() {
        Arbitrary<String> token = Arbitraries.of("{client}", "{config}", "{database}", "{server}", "{yyyy}", "{MM}", "{dd}", "{HH}",
                "{date:yyyy-MM}", "{timestamp}", "..", ".", "x", "-", " ", "\u0000");
        Arbitrary<String> segment = token.list().ofMinSize(1).ofMaxSize(3).map(parts -> String.join("", parts))
                .filter(s -> !s.isBlank() && !s.equals(".") && !s.equals("..") && !s.contains("\u0000 "));
        return Arbitraries.oneOf(
                Arbitraries.of("{client}", "{client}/{config}/{yyyy}/{MM}", "{server}/{client}", "{config}/{date:yyyy-MM}",
                        "{client}/{database}/{config}"),
                segment.list().ofMinSize(1).ofMaxSize(8).map(parts -> String.join("/", parts)));
    }

    @Provide
    Arbitrary<String> filePatterns() {
        return Arbitraries.of("{client}_{config}_{timestamp}.zip", "{config}-{seq}.zip", "{seq}", "{date:yyyy}.tar.gz",
                "{client}", "..{config}..", "-{seq}-", "x".repeat(250) + "{seq}.zip", "{server}_{HH}.zip",
                "{database}_{timestamp}.zip");
    }

    @Provide
    Arbitrary<String> hostile() {
        return Arbitraries.oneOf(
                Arbitraries.of("", ".", "..", "...", "../../etc/passwd", "..\\..\\windows", "/", "\\", "/etc/passwd",
                        "C:\\Windows", "-rf", ".hidden", "a\u0000b", "\u0000", "line\nbreak", ".staging", "日本語", "😀",
                        "x".repeat(5_000)),
                Arbitraries.strings().withChars("./\\-_ \u0000\naZ9").ofMaxLength(60),
                Arbitraries.strings().all().ofMaxLength(200))
                .injectNull(0.05);
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs()
                .between(0, Instant.parse("9999-12-31T00:00:00Z").getEpochSecond())
                .map(Instant::ofEpochSecond);
    }
}
