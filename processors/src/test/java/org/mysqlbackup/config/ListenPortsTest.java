package org.mysqlbackup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ListenPortsTest {
    private static final ListenPorts.Listener SERVER =
            new ListenPorts.Listener("the file receiver's", "server.host", "server.port", null);
    private static final ListenPorts.Listener MANAGEMENT = new ListenPorts.Listener("the management",
            "camel.management.host", "camel.management.port", "camel.management.enabled");

    private static ListenPorts ports(Map<String, String> values) {
        return new ListenPorts(new Settings(key -> Optional.ofNullable(values.get(key))));
    }

    @Test
    void aTakenPortIsOneLineNamingThePortItsSettingTheProcessAndAFreePort() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> ports(Map.of("server.host", "127.0.0.1", "server.port", Integer.toString(port)))
                    .requireFree(List.of(SERVER)))
                    .isInstanceOf(PortInUseException.class)
                    .hasNoCause()
                    .message()
                    .doesNotContain("\n")
                    .contains("port " + port + " on 127.0.0.1 (server.port) is already in use")
                    .contains("by pid " + ProcessHandle.current().pid() + " (")
                    .containsPattern("-D server\\.port=\\d+ \\(free now\\)");
        }
    }

    @Test
    void theSuggestedPortIsFree() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            String message = ports(Map.of()).message(SERVER, "127.0.0.1", port);
            int suggested = Integer.parseInt(message.replaceAll(".*server\\.port=(\\d+).*", "$1"));

            assertThat(suggested).isNotEqualTo(port);
            assertThat(ListenPorts.bindable("127.0.0.1", suggested)).isTrue();
        }
    }

    @Test
    void aListenerThatIsOffOrOnAnyPortIsNotChecked() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            String port = Integer.toString(taken.getLocalPort());

            assertThatNoException().isThrownBy(() -> ports(Map.of("camel.management.host", "127.0.0.1",
                    "camel.management.port", port)).requireFree(List.of(MANAGEMENT)));
            assertThatNoException().isThrownBy(() -> ports(Map.of("server.port", "0")).requireFree(List.of(SERVER)));
            assertThatThrownBy(() -> ports(Map.of("camel.management.enabled", "true", "camel.management.host",
                    "127.0.0.1", "camel.management.port", port)).requireFree(List.of(MANAGEMENT)))
                    .hasMessageContaining("(camel.management.port)");
        }
    }
}
