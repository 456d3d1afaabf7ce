package org.mysqlbackup.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class DigestsTest {
    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);

    @Test
    void sha256OfAbcIsTheFips180Vector() {
        assertThat(Digests.sha256Hex(ABC)).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void sha256OfNothingIsTheWellKnownEmptyHash() {
        assertThat(Digests.sha256Hex(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void md5OfAbcIsTheRfc1321Vector() {
        MessageDigest md5 = Digests.md5();
        md5.update(ABC);

        assertThat(Digests.hex(md5)).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
    }

    @Test
    void aDigestFedInPiecesEqualsTheDigestOfTheWhole() {
        MessageDigest sha256 = Digests.sha256();
        sha256.update(ABC, 0, 1);
        sha256.update(ABC, 1, 2);

        assertThat(Digests.hex(sha256)).isEqualTo(Digests.sha256Hex(ABC));
    }

    @Test
    void everyCallGivesAFreshDigest() {
        MessageDigest first = Digests.sha256();
        first.update(ABC);

        assertThat(Digests.sha256()).isNotSameAs(first);
        assertThat(Digests.hex(Digests.sha256())).isEqualTo(Digests.sha256Hex(new byte[0]));
    }

    @Test
    void lowerCaseHexOfTheRightLengthIsRecognised() {
        assertThat(Digests.isSha256Hex(Digests.sha256Hex(ABC))).isTrue();
        assertThat(Digests.isMd5Hex("900150983cd24fb0d6963f7d28e17f72")).isTrue();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad0",
            "ga7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a\n"})
    void anythingElseIsNotASha256(String text) {
        assertThat(Digests.isSha256Hex(text)).isFalse();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "900150983CD24FB0D6963F7D28E17F72", "900150983cd24fb0d6963f7d28e17f7",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"})
    void anythingElseIsNotAnMd5(String text) {
        assertThat(Digests.isMd5Hex(text)).isFalse();
    }
}
