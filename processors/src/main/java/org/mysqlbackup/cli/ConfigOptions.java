package org.mysqlbackup.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by both apps: the properties file and one-off property overrides. */
public class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Properties file, e.g. config/client.properties.")
    Path config;

    @Option(names = "-D", paramLabel = "KEY=VALUE", description = "Override one property (repeatable).")
    Map<String, String> properties = new LinkedHashMap<>();

    Path requireConfig() {
        if (config == null) {
            throw new IllegalArgumentException("--config FILE is required");
        }
        return config;
    }
}
