package io.runload.http;

/**
 * The local copy of a store cannot answer right now (rebalancing, restoring, migrated). It is
 * transient, so the API turns it into 503 with Retry-After rather than an error.
 */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
