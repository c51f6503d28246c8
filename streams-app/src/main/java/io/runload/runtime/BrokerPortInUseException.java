package io.runload.runtime;

/**
 * A port the caller asked for explicitly is taken, so the embedded broker cannot start.
 * The message is a single line naming the port, because it is usually shown to a person who
 * typed that port on the command line.
 */
public final class BrokerPortInUseException extends IllegalStateException {

    private final int port;

    public BrokerPortInUseException(String listener, String host, int port, Throwable cause) {
        super(
                "Cannot start the embedded Kafka broker: " + listener + " port " + port + " on " + host
                        + " is already in use (pick another port, or 0 for a free one)",
                cause);
        this.port = port;
    }

    public int port() {
        return port;
    }
}
