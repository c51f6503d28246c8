package io.runload.runtime;

/** A configuration value is missing or malformed; its message is one line naming the setting. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
