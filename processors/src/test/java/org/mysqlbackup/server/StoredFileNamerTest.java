package org.mysqlbackup.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class StoredFileNamerTest {
    private static final Instant CREATED = Instant.parse("2024-01-02T03:04:05.678Z");

    @Test
    void wellFormedValuesFillThePatternUnchanged() {
        StoredFileNamer namer = new StoredFileNamer("{client}_{config}_{timestamp}.zip");

        assertThat(namer.name("db1", "nightly", CREATED)).isEqualTo("db1_nightly_20240102T030405Z.zip");
    }

    @Test
    void dateFormatsShorthandsServerAndSequenceFillThePattern() {
        StoredFileNamer namer = new StoredFileNamer("{server}-{config}-{date:yyyy-MM-dd_HHmm}-{yyyy}{MM}{dd}{HH}-{seq}.zip",
                "backup-1");

        assertThat(namer.name("db1", "nightly", CREATED, 1)).isEqualTo("backup-1-nightly-2024-01-02_0304-2024010203-1.zip");
        assertThat(namer.name("db1", "nightly", CREATED, 7)).isEqualTo("backup-1-nightly-2024-01-02_0304-2024010203-7.zip");
    }

    @Test
    void databaseIsTheInstanceTheClientNamedAndTheConfigurationWhenItNamedNone() {
        StoredFileNamer namer = new StoredFileNamer("{database}_{config}_{yyyy}.zip");

        assertThat(namer.name("db1", "nightly", "reports:3307", CREATED, 1)).isEqualTo("reports_3307_nightly_2024.zip");
        assertThat(new org.mysqlbackup.protocol.InitTransfer("t", "nightly", "f.zip", 1, 65536, "s", "m", 0)
                .databaseOrConfig()).isEqualTo("nightly");
        assertThat(new StoredDirectoryNamer("{client}/{database}", "backup-1").segments("db1", "nightly", "../etc", CREATED))
                .containsExactly("db1", "__etc");
    }

    @Test
    void withoutSeqATakenNameGetsANumberBeforeItsExtension() {
        StoredFileNamer namer = new StoredFileNamer("{client}_{timestamp}.zip");

        assertThat(namer.name("db1", "nightly", CREATED, 3)).isEqualTo("db1_20240102T030405Z-3.zip");
    }

    @Test
    void aDateFormatWithUnsafeCharactersStaysOneSafeSegment() {
        StoredFileNamer namer = new StoredFileNamer("{date:HH:mm EEE}.zip");

        assertThat(namer.name("db1", "nightly", CREATED)).isEqualTo("03_04_Tue.zip");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{date:yyyy-MM-dd-Q-bogus{}.zip", "{date:}.zip", "{date:ppp}.zip", "{date:'unclosed}.zip"})
    void aDateFormatJavaTimeCannotUseIsRefused(String pattern) {
        assertThatThrownBy(() -> new StoredFileNamer(pattern))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("file name pattern '" + pattern + "'");
    }

    @Test
    void theTimestampIsUtcWhateverTheServerTimeZone() {
        StoredFileNamer namer = new StoredFileNamer("{timestamp}");

        assertThat(namer.name("db1", "nightly", Instant.parse("2024-12-31T23:59:59Z"))).isEqualTo("20241231T235959Z");
    }

    @Test
    void separatorsAndParentReferencesInValuesBecomeUnderscores() {
        StoredFileNamer namer = new StoredFileNamer("{client}_{config}.zip");

        assertThat(namer.name("../../etc", "a/b\\c", CREATED)).isEqualTo("____etc_a_b_c.zip");
    }

    @Test
    void aMissingValueBecomesAnUnderscore() {
        StoredFileNamer namer = new StoredFileNamer("{client}-{config}.zip");

        assertThat(namer.name(null, "", CREATED)).isEqualTo("_-_.zip");
    }

    @Test
    void anOverlongConfigNameIsCutButTheTimestampAndExtensionSurvive() {
        StoredFileNamer namer = new StoredFileNamer("{client}_{config}_{timestamp}.zip");

        String name = namer.name("db1", "c".repeat(10_000), CREATED);

        assertThat(name).hasSizeLessThanOrEqualTo(200).endsWith("_20240102T030405Z.zip");
    }

    @Test
    void aLongLiteralPatternIsCutToTwoHundredCharactersKeepingTheEnd() {
        StoredFileNamer namer = new StoredFileNamer("x".repeat(300) + "_{timestamp}.zip");

        String name = namer.name("db1", "nightly", CREATED);

        assertThat(name).hasSize(200).endsWith("_20240102T030405Z.zip");
    }

    @Test
    void theNthAlternativeGoesBeforeTheExtension() {
        assertThat(StoredFileNamer.alternative("db1_nightly_20240102T030405Z.zip", 2))
                .isEqualTo("db1_nightly_20240102T030405Z-2.zip");
    }

    @Test
    void theAlternativeOfADoubleExtensionKeepsBothParts() {
        assertThat(StoredFileNamer.alternative("backup.tar.gz", 3)).isEqualTo("backup-3.tar.gz");
    }

    @Test
    void theAlternativeOfANameWithoutExtensionIsSuffixed() {
        assertThat(StoredFileNamer.alternative("backup", 2)).isEqualTo("backup-2");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "{client}/{timestamp}.zip", "..\\{client}.zip", "/abs/{client}.zip"})
    void aPatternThatCouldNameADirectoryIsRefused(String pattern) {
        assertThatThrownBy(() -> new StoredFileNamer(pattern))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("file name pattern '" + pattern + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{host}_{timestamp}.zip", "{date}.zip", "{Client}_{timestamp}.zip",
            "{time_stamp}.zip", "{timestamp2}.zip", "{}.zip"})
    void aPatternWithAnUnknownOrMistypedTokenIsRefused(String pattern) {
        assertThatThrownBy(() -> new StoredFileNamer(pattern))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown token")
                .hasMessageContaining("{client} {config} {database} {server} {timestamp} {date:FORMAT}");
    }
}
