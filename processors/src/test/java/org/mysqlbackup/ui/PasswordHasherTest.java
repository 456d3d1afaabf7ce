package org.mysqlbackup.ui;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    /** A cheap cost so a hundred tries take a second; the format and the check are the same. */
    private final PasswordHasher cheap = new PasswordHasher(64, 1);

    @Property(tries = 100, seed = "20261207")
    void aHashAcceptsItsPasswordAndNoOther(@ForAll @StringLength(min = 1, max = 40) String password,
                                           @ForAll @StringLength(min = 1, max = 40) String other) {
        String hash = cheap.hash(password.toCharArray());
        assertThat(cheap.matches(password.toCharArray(), hash)).isTrue();
        assertThat(cheap.matches(other.toCharArray(), hash)).isEqualTo(other.equals(password));
        assertThat(hash).doesNotContain(password.length() > 3 ? password : "\u0000");
    }

    @Test
    void theDefaultCostIsArgon2idInThePhcFormatWithAFreshSalt() {
        PasswordHasher hasher = new PasswordHasher();
        String first = hasher.hash("correct horse".toCharArray());
        String second = hasher.hash("correct horse".toCharArray());
        assertThat(first).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(second).isNotEqualTo(first);
        assertThat(hasher.matches("correct horse".toCharArray(), second)).isTrue();
    }

    @Test
    void aHashMadeAtAnotherCostStillVerifies() {
        String stored = cheap.hash("s3cret password".toCharArray());
        assertThat(new PasswordHasher().matches("s3cret password".toCharArray(), stored)).isTrue();
    }

    @Test
    void aMalformedOrPlainStoredValueNeverMatches() {
        for (String stored : new String[] {null, "", "s3cret", "$argon2i$v=19$m=64,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$"
                + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "$argon2id$v=19$m=99999999,t=1,p=1$x$y"}) {
            assertThat(cheap.matches("s3cret".toCharArray(), stored)).as("%s", stored).isFalse();
        }
    }
}
