package org.mysqlbackup.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** Whatever a certificate's common name holds, an accepted client id is one safe folder name. */
class ClientIdPropertyTest {

    @Property(tries = 500, seed = "-2208712840930744517")
    void everyValidIdIsASafeSingleSegment(@ForAll("hostile") String id) {
        Statistics.label("valid").collect(ClientId.isValid(id));
        // the property says nothing if the generator never produces a valid id
        Statistics.label("valid").coverage(coverage -> coverage.check(true).count(n -> n >= 25));
        if (ClientId.isValid(id)) {
            assertThat(id).matches("[A-Za-z0-9._-]{1,64}").doesNotStartWith(".").doesNotStartWith("-")
                    .isNotEqualTo("..");
        }
    }

    @Provide
    Arbitrary<String> hostile() {
        return Arbitraries.oneOf(
                Arbitraries.strings().alpha().numeric().withChars("._-").ofMinLength(1).ofMaxLength(70),
                Arbitraries.strings().withChars("./\\-_aZ9\u0000\n é").ofMaxLength(70),
                Arbitraries.strings().all().ofMaxLength(80),
                Arbitraries.of("..", ".", "../x", "/", "\\", "a/..", "con", "x".repeat(65)));
    }
}
