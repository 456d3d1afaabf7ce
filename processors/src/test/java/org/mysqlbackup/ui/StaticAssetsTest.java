package org.mysqlbackup.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class StaticAssetsTest {
    private final StaticAssets server = new StaticAssets("server");

    @Test
    void aBinaryAssetIsServedByteForByteWithItsType() throws Exception {
        Exchange exchange = request("favicon.png");
        server.serve(exchange);
        byte[] expected;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("ui/common/favicon.png")) {
            expected = in.readAllBytes();
        }
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        assertThat(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("image/png");
        assertThat(exchange.getMessage().getBody(byte[].class)).isEqualTo(expected);
    }

    @Test
    void theSidesOwnPageComesFirstThenTheSharedOnes() {
        Exchange page = request("index.html");
        server.serve(page);
        assertThat(page.getMessage().getBody(String.class)).contains("dashboard");
        Exchange shared = request("console.js");
        server.serve(shared);
        assertThat(shared.getMessage().getHeader(Exchange.CONTENT_TYPE)).asString().startsWith("text/javascript");
    }

    @Test
    void namesThatCouldLeaveTheFoldersOrAreNotOursAre404() {
        for (String name : new String[] {"../server/index.html", "..", "%2e%2e", "logback.xml", "a/b.js",
                ".hidden.js", "index.html.bak", "no-such.js"}) {
            Exchange exchange = request(name);
            server.serve(exchange);
            assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).as(name).isEqualTo(404);
        }
    }

    private static Exchange request(String file) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader("file", file);
        exchange.getMessage().setHeader("Cookie", "mb_console=secret");
        return exchange;
    }
}
