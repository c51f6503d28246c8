package io.runload.topology;

/**
 * Thrown by a processor to reject the record it is processing. The processing exception handler
 * turns it into a dead-letter record carrying the original key and value bytes and this reason.
 *
 * <p>Rejection is an expected outcome for bad input, so the exception skips the stack trace: it
 * would cost more than the record itself under a flood of garbage.
 */
public final class RejectedRecordException extends RuntimeException {
    private final String reason;

    public RejectedRecordException(String reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public RejectedRecordException(String reason, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.reason = reason;
    }

    /** Machine-readable reason, used as the DLQ header and the metric label. */
    public String reason() {
        return reason;
    }
}
