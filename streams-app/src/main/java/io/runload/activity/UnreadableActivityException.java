package io.runload.activity;

/**
 * A file that cannot be read as an activity. The message is the one-line reason shown to the user
 * ("truncated FIT file: ..."), so it must make sense without a stack trace.
 */
public final class UnreadableActivityException extends Exception {
    public UnreadableActivityException(String reason) {
        super(reason);
    }

    public UnreadableActivityException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
