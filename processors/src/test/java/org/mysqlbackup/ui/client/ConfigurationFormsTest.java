package org.mysqlbackup.ui.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqlbackup.configuration.BackupConfiguration;
import org.mysqlbackup.configuration.FieldError;
import org.mysqlbackup.configuration.InvalidConfigurationException;

class ConfigurationFormsTest {
    private static final String PASSWORD = "s3cret-Pa55word";

    @TempDir
    Path temp;

    private ConsoleFixture fixture;
    private ConfigurationForms forms;

    @BeforeEach
    void open() {
        fixture = new ConsoleFixture(temp);
        forms = new ConfigurationForms(fixture.catalog, fixture.secrets, ConsoleFixture.BASE);
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    private static Map<String, Object> form(String name, Map<String, String> settings) {
        Map<String, Object> form = new HashMap<>();
        form.put("name", name);
        form.put("settings", new HashMap<>(settings));
        return form;
    }

    @Test
    void aBadFieldIsRefusedWithTheMessagesOfConfigValidateAndNothingIsStored() {
        Map<String, String> settings = new HashMap<>(ConsoleFixture.instance("sales", "3308"));
        settings.put("mysql.port", "99999");
        settings.put("snapshot.work-dir", "relative/work");
        List<FieldError> cli = fixture.catalog.validate(BackupConfiguration.of("sales", settings));

        assertThat(cli).extracting(FieldError::field).containsExactlyInAnyOrder("mysql.port", "snapshot.work-dir");
        assertThatThrownBy(() -> forms.create(form("sales", settings)))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.errors()).isEqualTo(cli));
        assertThat(forms.validate(null, form("sales", settings))).isEqualTo(new ConfigurationForms.Validation("sales",
                false, cli));
        assertThat(forms.list()).isEmpty();
    }

    @Test
    void blankValuesMeanClientPropertiesAndAnInvalidNameIsAFieldError() {
        Map<String, String> settings = new HashMap<>(ConsoleFixture.instance("sales", "3308"));
        settings.put("snapshot.compression-level", "  ");
        forms.create(form("sales", settings));
        assertThat(forms.get("sales").settings()).doesNotContainKey("snapshot.compression-level");

        assertThat(forms.validate(null, form("bad name!", ConsoleFixture.instance("x", "3309"))).fields())
                .extracting(FieldError::field).containsExactly("name");
    }

    @Test
    void aSecretIsStoredEncryptedAsTheCliStoresItAndNeverShownBack() throws Exception {
        Map<String, Object> form = form("sales", ConsoleFixture.instance("sales", "3308"));
        form.put("secrets", Map.of("mysql.password", PASSWORD));
        ConfigurationForms.ConfigurationView created = forms.create(form);

        String stored = fixture.catalog.require("sales").settings().get("mysql.password");
        assertThat(stored).startsWith("enc:v1:");
        assertThat(fixture.secrets.reveal("mysql.password", stored)).isEqualTo(PASSWORD);
        assertThat(created.secrets()).containsEntry("mysql.password", "set")
                .containsEntry("mysql.service.shutdown-password", "not set");
        String json = new ObjectMapper().writeValueAsString(List.of(created, forms.list(), forms.get("sales")));
        assertThat(json).doesNotContain(PASSWORD).doesNotContain(stored).doesNotContain("enc:v1:");
    }

    @Test
    void anEditKeepsTheStoredSecretUnlessItIsReplacedOrUnset() {
        Map<String, Object> form = form("sales", ConsoleFixture.instance("sales", "3308"));
        form.put("secrets", Map.of("mysql.password", PASSWORD));
        forms.create(form);
        String first = fixture.catalog.require("sales").settings().get("mysql.password");

        Map<String, String> changed = new HashMap<>(ConsoleFixture.instance("sales", "3308"));
        changed.put("snapshot.compression-level", "3");
        forms.update("sales", form(null, changed));
        assertThat(fixture.catalog.require("sales").settings()).containsEntry("mysql.password", first)
                .containsEntry("snapshot.compression-level", "3");

        Map<String, Object> replace = form(null, changed);
        replace.put("secrets", Map.of("mysql.password", "other"));
        forms.update("sales", replace);
        assertThat(fixture.secrets.reveal("mysql.password",
                fixture.catalog.require("sales").settings().get("mysql.password"))).isEqualTo("other");

        Map<String, Object> unset = form(null, changed);
        unset.put("unsetSecrets", List.of("mysql.password"));
        assertThat(forms.update("sales", unset).secrets()).containsEntry("mysql.password", "not set");
        assertThat(fixture.catalog.require("sales").settings()).doesNotContainKey("mysql.password");
    }

    @Test
    void aClearSecretInTheSettingsIsRefusedAsByTheCli() {
        Map<String, String> settings = new HashMap<>(ConsoleFixture.instance("sales", "3308"));
        settings.put("mysql.password", PASSWORD);
        assertThatThrownBy(() -> forms.create(form("sales", settings)))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("mysql.password"))
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void aSecretValueForAKeyThatIsNoSecretIsRefused() {
        Map<String, Object> form = form("sales", ConsoleFixture.instance("sales", "3308"));
        form.put("secrets", Map.of("mysql.user", "root"));
        assertThatThrownBy(() -> forms.create(form)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("mysql.user: is not a secret");
    }

    @Test
    void missingConfigurationsAreNotFound() {
        assertThatThrownBy(() -> forms.get("nosuch")).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> forms.delete("nosuch")).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> forms.update("nosuch", Map.of())).isInstanceOf(NoSuchElementException.class);
        fixture.add("sales", "3308");
        forms.delete("sales");
        assertThat(forms.list()).isEmpty();
    }

    @Test
    void keysShowClientPropertiesValuesButNoSecret() {
        ConfigurationForms withSecretBase = new ConfigurationForms(fixture.catalog, fixture.secrets,
                ConsoleFixture.settings(Map.of("mysql.password", PASSWORD)));
        assertThat(withSecretBase.keys()).filteredOn(k -> k.key().equals("mysql.port"))
                .extracting(ConfigurationForms.KeyView::inherited).containsExactly("3306");
        assertThat(withSecretBase.keys()).filteredOn(ConfigurationForms.KeyView::secret)
                .extracting(ConfigurationForms.KeyView::inherited).containsOnlyNulls();
    }
}
