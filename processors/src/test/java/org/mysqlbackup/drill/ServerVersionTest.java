package org.mysqlbackup.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerVersionTest {
    @Test
    void readsManifestVersions() {
        assertThat(ServerVersion.parse("10.11.6-MariaDB-0+deb12u1")).contains(new ServerVersion(true, 10, 11));
        assertThat(ServerVersion.parse("5.5.5-10.6.12-MariaDB-log")).contains(new ServerVersion(true, 10, 6));
        assertThat(ServerVersion.parse("8.0.36")).contains(new ServerVersion(false, 8, 0));
        assertThat(ServerVersion.parse("")).isEmpty();
        assertThat(ServerVersion.parse(null)).isEmpty();
        assertThat(ServerVersion.parse("unknown")).isEmpty();
    }

    @Test
    void readsVersionOutput() {
        assertThat(ServerVersion.parse("mariadbd  Ver 10.11.19-MariaDB-0+deb12u1 for debian-linux-gnu on x86_64 (Debian 12)"))
                .contains(new ServerVersion(true, 10, 11));
        assertThat(ServerVersion.parse("/usr/sbin/mysqld  Ver 8.0.36-0ubuntu0.22.04.1 for Linux on x86_64 ((Ubuntu))"))
                .contains(new ServerVersion(false, 8, 0));
    }

    @Test
    void theSameLineIsFlavourMajorAndMinor() {
        ServerVersion mariadb1011 = new ServerVersion(true, 10, 11);
        assertThat(mariadb1011.sameLine(ServerVersion.parse("10.11.2-MariaDB").orElseThrow())).isTrue();
        assertThat(mariadb1011.sameLine(new ServerVersion(true, 10, 6))).isFalse();
        assertThat(mariadb1011.sameLine(new ServerVersion(false, 10, 11))).isFalse();
        assertThat(mariadb1011).hasToString("MariaDB 10.11");
    }

    @Test
    void timingsPrintOneDecimalInSeconds() {
        assertThat(new DrillTimings(Duration.ofMillis(1234), Duration.ofMillis(3400), Duration.ofSeconds(2),
                Duration.ofMillis(849)).line()).isEqualTo("drill time: fetch 1.2 s, unpack 3.4 s, boot 2.0 s, checks 0.8 s");
    }
}
