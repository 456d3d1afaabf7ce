package org.mysqlbackup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.constraints.LongRange;

class ByteSizePropertyTest {

    @Property(tries = 500, seed = "1099511627776")
    void aNumberWithASuffixIsThatManyUnitsOrRefusedAsTooLarge(@ForAll @LongRange(min = 0) long number,
                                                              @ForAll("suffixes") String suffix) {
        int shift = switch (suffix.trim().isEmpty() ? ' ' : Character.toUpperCase(suffix.trim().charAt(0))) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 0;
        };
        BigInteger expected = BigInteger.valueOf(number).shiftLeft(shift);

        if (expected.bitLength() < 64) {
            assertThat(ByteSize.parse("k", number + suffix)).isEqualTo(expected.longValueExact());
        } else {
            assertThatThrownBy(() -> ByteSize.parse("k", number + suffix)).hasMessageContaining("too large");
        }
    }

    @Property(tries = 500, seed = "4398046511104")
    void formattingNeverShowsAThousandAndTwentyFourOfAUnitBelowTiB(@ForAll @LongRange(min = 0) long bytes) {
        String formatted = ByteSize.format(bytes);
        double shown = Double.parseDouble(formatted.substring(0, formatted.indexOf(' ')));

        if (!formatted.endsWith("TiB")) {
            assertThat(shown).as(formatted).isLessThan(1024);
        }
    }

    @Provide
    Arbitrary<String> suffixes() {
        return Arbitraries.of("", "B", "K", "KiB", "kib", "KB", " M", "MiB", "mb", "G", "GiB", " g", "T", "TiB", "tb");
    }
}
