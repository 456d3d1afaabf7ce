package org.mysqlbackup.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqlbackup.config.InvalidSettingException;

class SecretCodecTest {
    @TempDir
    Path dir;

    private SecretCodec codec(Path keyFile) {
        return new SecretCodec(keyFile, Map.of("DB_PW", "from the environment")::get);
    }

    @Test
    void encryptedValuesNeedTheKeyOfThisHostWhichOnlyItsUserCanRead() throws Exception {
        SecretCodec here = codec(dir.resolve("here.key"));
        String sealed = here.encrypt("s3cret pass");
        assertThat(sealed).startsWith(SecretCodec.ENCRYPTED_PREFIX).doesNotContain("s3cret");
        assertThat(here.encrypt("s3cret pass")).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThat(here.reveal("mysql.password", sealed)).isEqualTo("s3cret pass");
        assertThat(here.problem(sealed)).isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("here.key"))))
                .isEqualTo("rw-------");

        SecretCodec elsewhere = codec(dir.resolve("elsewhere.key"));
        elsewhere.encrypt("makes its own key");
        assertThat(elsewhere.problem(sealed)).hasValueSatisfying(p -> assertThat(p).contains("cannot be decrypted"));
        assertThatThrownBy(() -> elsewhere.reveal("mysql.password", sealed))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("mysql.password");

        byte[] bytes = Base64.getDecoder().decode(sealed.substring(SecretCodec.ENCRYPTED_PREFIX.length()));
        bytes[bytes.length - 1] ^= 1;
        String tampered = SecretCodec.ENCRYPTED_PREFIX + Base64.getEncoder().encodeToString(bytes);
        assertThat(here.problem(tampered)).hasValueSatisfying(p -> assertThat(p).contains("altered"));
    }

    @Test
    void environmentReferencesAreReadAtRunTimeAndClearTextIsRefused() {
        SecretCodec codec = codec(dir.resolve("k"));
        assertThat(codec.reveal("mysql.password", "env:DB_PW")).isEqualTo("from the environment");
        assertThat(codec.reveal("mysql.password", "{{env:DB_PW}}")).isEqualTo("from the environment");
        assertThatThrownBy(() -> codec.reveal("mysql.password", "env:MISSING"))
                .hasMessageContaining("environment variable MISSING, which is not set");
        assertThat(codec.problem("hunter2")).hasValueSatisfying(p -> assertThat(p).contains("never stored in clear text"));
        assertThat(Files.exists(dir.resolve("k"))).as("no key made for references").isFalse();
    }
}
