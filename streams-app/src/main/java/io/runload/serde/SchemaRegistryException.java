package io.runload.serde;

/**
 * A schema-registry request that failed: refused by the registry (with its HTTP status and
 * Confluent error code) or not answered at all (status {@link #NO_STATUS}).
 */
public class SchemaRegistryException extends RuntimeException {

    /** Status used when no HTTP response was received (I/O error, timeout, interruption). */
    public static final int NO_STATUS = -1;
    /** Error code used when the registry sent no Confluent {@code error_code}. */
    public static final int NO_ERROR_CODE = -1;

    /** Confluent error code: the subject does not exist. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Confluent error code: the schema (or schema id) does not exist. */
    public static final int SCHEMA_NOT_FOUND = 40403;

    private final int httpStatus;
    private final int errorCode;
    private final String url;

    public SchemaRegistryException(String message, int httpStatus, int errorCode, String url, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.url = url;
    }

    public SchemaRegistryException(String message, int httpStatus, int errorCode, String url) {
        this(message, httpStatus, errorCode, url, null);
    }

    /** HTTP status of the registry's answer, or {@link #NO_STATUS} when none arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent {@code error_code} (e.g. 40403), or {@link #NO_ERROR_CODE}. */
    public int errorCode() {
        return errorCode;
    }

    /** The URL of the failed request, or a {@code mock://} description for the in-memory registry. */
    public String url() {
        return url;
    }

    /** True when the registry answered that the subject, schema or id does not exist. */
    public boolean isNotFound() {
        return httpStatus == 404;
    }

    /**
     * True for failures that may succeed if repeated: no answer at all, or a server-side (5xx)
     * error. A 4xx is the registry's considered answer and repeating the request cannot change it.
     */
    public boolean isTransient() {
        return httpStatus == NO_STATUS || httpStatus >= 500;
    }
}
