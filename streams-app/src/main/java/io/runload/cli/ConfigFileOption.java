package io.runload.cli;

import java.util.Properties;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option every command that talks to Kafka shares, as a picocli mixin. */
final class ConfigFileOption {
    @Option(names = "--config", description = "Properties file with settings (same as RUNLOAD_CONFIG_FILE).")
    String configFile;

    /** Overrides for {@code RunLoadConfig.load}: the file named on the command line, if any. */
    Properties overrides() {
        Properties overrides = new Properties();
        if (configFile != null) {
            overrides.setProperty("runload.config.file", configFile);
        }
        return overrides;
    }
}
