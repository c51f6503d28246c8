package io.runload.cli;

import io.runload.runtime.ConfigException;
import io.runload.runtime.RunLoadConfig;
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

    /** The configuration: environment, then the file named here or in RUNLOAD_CONFIG_FILE, then defaults. */
    RunLoadConfig load() {
        return RunLoadConfig.load(System.getenv(), overrides());
    }

    /** The configured cluster, for commands that have no embedded mode; {@code purpose} ends the error message. */
    static String requireCluster(RunLoadConfig config, String purpose) {
        return config.bootstrapServers()
                .orElseThrow(() -> new ConfigException(RunLoadConfig.BOOTSTRAP.env() + " must be set for " + purpose));
    }
}
