package org.mysqlbackup.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Builds the Camel {@link Main} both apps run on: properties from the operator's file (with
 * Camel's environment-variable overrides), route files loaded at run time from a folder of the
 * installation, and beans from a {@link CamelConfiguration}.
 */
public final class CamelApp {
    private CamelApp() {
    }

    /**
     * The settings of {@code configFile} with {@code overrides}, resolved as the app would
     * (placeholders, environment), for commands that only read the database.
     */
    public static Settings settings(Path configFile, Map<String, String> overrides) {
        return new Settings(properties(configFile, overrides));
    }

    /** The properties behind {@link #settings}, for commands that also need to list keys. */
    public static PropertiesComponent properties(Path configFile, Map<String, String> overrides) {
        requireReadable(configFile);
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation("file:" + configFile.toAbsolutePath());
        Properties override = new Properties();
        override.putAll(overrides);
        context.getPropertiesComponent().setOverrideProperties(override);
        return context.getPropertiesComponent();
    }

    /**
     * @param routesFolder folder name under the installation home, e.g. {@code routes-client}
     * @param consoleBeans the {@link CamelConfiguration} class wiring the side's web console, loaded
     *                     by name only when {@code ui.enabled} is set (the console's adapters sit
     *                     above the app's own packages, which must not depend on them)
     * @param overrides    properties that win over the file (tests, and one-shot commands that
     *                     switch the schedule off)
     */
    public static Main create(String name, Path configFile, String routesFolder, CamelConfiguration beans,
                              String consoleBeans, Map<String, String> overrides) {
        requireReadable(configFile);
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:" + configFile.toAbsolutePath());
        main.addInitialProperty("camel.main.name", name);
        Path routes = AppHome.resolve().resolve(routesFolder);
        String include = "file:" + routes + "/*.camel.yaml";
        Settings settings = settings(configFile, overrides);
        if (settings.bool("ui.enabled", false)) {
            // the console's routes need the HTTP server; without it they are not even loaded
            include += ",file:" + AppHome.resolve().resolve("routes-console") + "/*.camel.yaml"
                    + ",file:" + routes.resolve("console") + "/*.camel.yaml";
            main.addOverrideProperty("camel.server.enabled", "true");
            main.addOverrideProperty("camel.server.host", settings.string("ui.host", "127.0.0.1"));
            main.addOverrideProperty("camel.server.port", settings.string("ui.port"));
            main.addOverrideProperty("camel.server.useGlobalSslContextParameters",
                    Boolean.toString(settings.bool("ui.tls", false)));
            main.configure().setConfigurationClasses(consoleBeans);
        }
        main.addInitialProperty("camel.main.routesIncludePattern", include);
        overrides.forEach(main::addOverrideProperty);
        main.configure().addConfiguration(beans);
        return main;
    }

    private static void requireReadable(Path configFile) {
        if (!Files.isReadable(configFile)) {
            throw new IllegalArgumentException("configuration file " + configFile.toAbsolutePath()
                    + " does not exist or is not readable");
        }
    }
}
