package org.mysqlbackup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {

    @ParameterizedTest
    @CsvSource({
            "65536, 65536",
            "0, 0",
            "512KiB, 524288",
            "4MiB, 4194304",
            "1GiB, 1073741824",
            "1TiB, 1099511627776",
            "'4 M', 4194304",
            "4mb, 4194304",
            "4k, 4096",
            "'  2 GiB  ', 2147483648",
            "100B, 100",
            "9223372036854775807, 9223372036854775807",
            "8388607TiB, 9223370937343148032"})
    void humanSizesAreReadAsBinaryMultiples(String text, long expected) {
        assertThat(ByteSize.parse("transfer.chunk-size", text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "abc", "-1", "4.5MiB", "MiB", "4 MiBs", "4XiB", "4iB", "1PiB", "4 M iB", "0x10", "1e6"})
    void junkIsRefusedNamingKeyAndText(String text) {
        assertThatThrownBy(() -> ByteSize.parse("transfer.chunk-size", text))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("'transfer.chunk-size'")
                .hasMessageContaining("'" + text + "' is not a size");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808", "99999999999999999999999", "8388608TiB", "8589934592GiB", "17179869184 G"})
    void sizesBeyondALongAreRefusedNotWrapped(String text) {
        assertThatThrownBy(() -> ByteSize.parse("retention.max-bytes", text))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("configuration key 'retention.max-bytes' '" + text + "' is too large");
    }

    @ParameterizedTest
    @CsvSource({
            "0, 0 B",
            "1023, 1023 B",
            "1024, 1.0 KiB",
            "1536, 1.5 KiB",
            "4194304, 4.0 MiB",
            "1048575, 1.0 MiB",
            "1073741823, 1.0 GiB",
            "1099511627776, 1.0 TiB",
            "9223372036854775807, 8388608.0 TiB"})
    void sizesAreFormattedInTheLargestUnitBelow1024(long bytes, String expected) {
        assertThat(ByteSize.format(bytes)).isEqualTo(expected);
    }
}
