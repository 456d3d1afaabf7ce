package org.mysqlbackup.client.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever keys and values a backup hands its watchdog (any characters, separators, escapes,
 * line breaks, unpaired surrogates), the watchdog reads exactly that map, and the byte after the
 * properties is still there for {@link RestartWatchdog#await}: the release is never swallowed.
 */
class RestartWatchdogPropertiesPropertyTest {

    @Property(tries = 300, seed = "1618033988749894848")
    void theWatchdogReadsExactlyWhatTheBackupSent(@ForAll("properties") Map<String, String> sent,
                                                  @ForAll boolean released) throws IOException {
        ByteArrayOutputStream pipe = new ByteArrayOutputStream();
        RestartWatchdog.sendProperties(pipe, sent);
        if (released) {
            pipe.write(RestartWatchdog.RELEASE);
        }
        InputStream stdin = new ByteArrayInputStream(pipe.toByteArray());

        Map<String, String> received = RestartWatchdog.readProperties(stdin);

        assertThat(received).isEqualTo(sent);
        assertThat(RestartWatchdog.await(stdin)).isEqualTo(
                released ? RestartWatchdog.Ending.RELEASED : RestartWatchdog.Ending.BACKUP_PROCESS_ENDED);
    }

    @Provide
    Arbitrary<Map<String, String>> properties() {
        Arbitrary<String> awkward = Arbitraries.strings()
                .withChars('=', ':', ' ', '\t', '\n', '\r', '\f', '\\', '#', '!', 'u', '0', 'é', '日', '\u0000')
                .ofMaxLength(12);
        Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(40);
        Arbitrary<String> text = Arbitraries.oneOf(awkward, anything, Arbitraries.strings().alpha().ofMaxLength(8));
        return Arbitraries.maps(text, text).ofMaxSize(12);
    }
}
