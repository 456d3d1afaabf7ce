package org.mysqlbackup.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.camel.component.mail.MailEndpoint;
import org.mysqlbackup.config.Settings;

/**
 * Whatever printable characters an SMTP user name and password contain, the camel-mail endpoint
 * the app ends up with logs in with exactly those, and the URI does not depend on them. (Written
 * into the URI, quoted with RAW(...) or percent-encoded, some failed: "&&", "{{...}}", "%".)
 */
class SmtpCredentialsRoundTripPropertyTest {

    @Property(tries = 200, seed = "1618033988749894848")
    void credentialsReachTheMailEndpointUnchanged(@ForAll("secrets") String username,
                                                  @ForAll("secrets") String password) {
        Map<String, String> properties = Map.of("alert.mail.host", "mail.example.com",
                "alert.mail.username", username, "alert.mail.password", password);

        try (CamelFixture camel = new CamelFixture()) {
            String uri = MailEndpointFactory.fromSettings(
                    new Settings(key -> Optional.ofNullable(properties.get(key))), camel.context());

            var login = camel.context().getEndpoint(uri, MailEndpoint.class).getConfiguration()
                    .getPasswordAuthentication();
            assertThat(login.getUserName()).isEqualTo(username);
            assertThat(login.getPassword()).isEqualTo(password);
            assertThat(uri).endsWith("&authenticator=#bean:" + MailEndpointFactory.AUTHENTICATOR_BEAN)
                    .doesNotContain("username=", "password=");
        }
    }

    /** Printable ASCII, URI syntax over-represented; no spaces at either end (Settings trims them). */
    @Provide
    Arbitrary<String> secrets() {
        Arbitrary<String> special = Arbitraries.of("&", "&&", "+", "%", "%2B", "=", "#", "?", "/", "(", ")", "{",
                "}", "{{", "}}", " ", "@", ":", ";", "$", "${", "\\", "\"", "'", "RAW(", "*", "[", "]", "<", ">");
        Arbitrary<String> any = Arbitraries.chars().range('!', '~').map(String::valueOf);
        return Arbitraries.frequencyOf(Tuple.of(1, special), Tuple.of(2, any))
                .list().ofMinSize(1).ofMaxSize(16)
                .map(parts -> String.join("", parts).strip())
                .filter(text -> !text.isEmpty());
    }
}
