package org.mysqlbackup.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Client and configuration names come from the network; whatever they hold, a stored file name is
 * one harmless path segment.
 */
class StoredFileNamerPropertyTest {
    private static final String SAFE_NAME = "[A-Za-z0-9._-]+";
    private static final String DEFAULT_PATTERN = "{client}_{config}_{timestamp}.zip";

    @Property(tries = 1000, seed = "-4444719335566270923")
    void namesAreOneSafeSegmentWhateverTheInput(@ForAll("patterns") String pattern,
                                                @ForAll("hostile") String client,
                                                @ForAll("hostile") String config,
                                                @ForAll("instants") Instant createdAt) {
        String name = new StoredFileNamer(pattern).name(client, config, createdAt);

        assertSafe(name);
    }

    @Property(tries = 300, seed = "5397125412409211877")
    void theExtensionOfThePatternSurvivesAnyInput(@ForAll("hostile") String client, @ForAll("hostile") String config,
                                                  @ForAll("instants") Instant createdAt) {
        String name = new StoredFileNamer(DEFAULT_PATTERN).name(client, config, createdAt);

        assertThat(name).endsWith(".zip");
    }

    @Property(tries = 300, seed = "-901823471098234")
    void backupsTakenInDifferentSecondsGetDifferentNames(@ForAll("hostile") String client,
                                                         @ForAll("hostile") String config,
                                                         @ForAll("instants") Instant first,
                                                         @ForAll @IntRange(min = 1, max = 366 * 86_400) int secondsLater) {
        StoredFileNamer namer = new StoredFileNamer(DEFAULT_PATTERN);

        assertThat(namer.name(client, config, first.plusSeconds(secondsLater)))
                .isNotEqualTo(namer.name(client, config, first));
    }

    @Property(tries = 500, seed = "7146925361240979114")
    void alternativesAreSafeDistinctAndKeepTheExtension(@ForAll("hostile") String client,
                                                        @ForAll("hostile") String config,
                                                        @ForAll("instants") Instant createdAt,
                                                        @ForAll @IntRange(min = 2, max = 100_000) int n) {
        String name = new StoredFileNamer(DEFAULT_PATTERN).name(client, config, createdAt);

        String alternative = StoredFileNamer.alternative(name, n);

        assertThat(alternative).matches(SAFE_NAME).doesNotStartWith(".").doesNotStartWith("-")
                .endsWith(".zip")
                .isNotEqualTo(name)
                .isNotEqualTo(StoredFileNamer.alternative(name, n + 1))
                .contains("-" + n + ".");
        assertThat(alternative.replaceFirst("-" + n + "\\.", ".")).isEqualTo(name);
    }

    private static void assertSafe(String name) {
        assertThat(name)
                .matches(SAFE_NAME)
                .doesNotContain("/").doesNotContain("\\").doesNotContain("\u0000").doesNotContain("..")
                .doesNotStartWith(".").doesNotStartWith("-")
                .hasSizeLessThanOrEqualTo(200);
    }

    @Provide
    Arbitrary<String> hostile() {
        return Arbitraries.oneOf(
                Arbitraries.of("", ".", "..", "...", "../../etc/passwd", "..\\..\\windows\\system32", "/", "\\", "/etc/passwd",
                        "C:\\Windows", "-rf", "--help", ".hidden", "a\u0000b", "\u0000", "line\nbreak", "tab\there", "\r\n",
                        "\u202Egnp.exe", "日本語", "😀💾", "con", "nul.txt", "..%2f..%2f", "name with spaces", "x".repeat(10_000)),
                Arbitraries.strings().withChars("./\\-_ \u0000\n\u00e9aZ9").ofMaxLength(80),
                Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.longs().map(StoredFileNamerPropertyTest::longUnicode))
                .injectNull(0.05);
    }

    /** 9,000 to 10,000 code points of any plane, drawn from a seed: jqwik's string generator is slow at that length. */
    private static String longUnicode(long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder();
        int length = 9_000 + random.nextInt(1_001);
        for (int count = 0; count < length; ) {
            int codePoint = random.nextInt(Character.MAX_CODE_POINT + 1);
            if (codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE) {
                text.appendCodePoint(codePoint);
                count++;
            }
        }
        return text.toString();
    }

    @Provide
    Arbitrary<String> patterns() {
        Arbitrary<String> literal = Arbitraries.strings().all().excludeChars('/', '\\', '{').ofMaxLength(12);
        Arbitrary<String> token = Arbitraries.of("{client}", "{config}", "{timestamp}");
        Arbitrary<String> generated = Arbitraries.oneOf(literal, token).list().ofMinSize(1).ofMaxSize(6)
                .map(parts -> String.join("", parts))
                .filter(pattern -> !pattern.isBlank());
        return Arbitraries.oneOf(
                Arbitraries.of(DEFAULT_PATTERN, "{config}-{timestamp}.tar.gz", "..{client}..{config}..", "-{timestamp}",
                        ".{client}", "{client}", "{config}.zip", "x".repeat(250) + "{client}", "{client}" + ".".repeat(250)),
                generated);
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs()
                .between(Instant.parse("1970-01-01T00:00:00Z").getEpochSecond(), Instant.parse("9999-12-31T00:00:00Z").getEpochSecond())
                .map(Instant::ofEpochSecond);
    }
}
