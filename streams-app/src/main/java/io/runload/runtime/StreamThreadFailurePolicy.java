package io.runload.runtime;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What to do when a stream thread dies. Bad records never get here (they go to the DLQ), so a
 * thread failure is an infrastructure fault: replace the thread, which resumes from the last
 * committed offsets. If threads keep dying (more than {@code maxFailures} within {@code window}),
 * the fault is not transient: shut the client down so readiness fails and the orchestrator restarts
 * the instance, rather than spinning forever.
 */
public final class StreamThreadFailurePolicy implements StreamsUncaughtExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(StreamThreadFailurePolicy.class);

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Deque<Long> failures = new ArrayDeque<>();

    public StreamThreadFailurePolicy(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        long now = clock.millis();
        failures.addLast(now);
        while (!failures.isEmpty() && failures.peekFirst() < now - window.toMillis()) {
            failures.removeFirst();
        }
        if (failures.size() > maxFailures) {
            LOG.error(
                    "Stream thread failed {} times within {}; shutting this instance down",
                    failures.size(),
                    window,
                    exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.warn("Stream thread failed; replacing it ({} failures within {})", failures.size(), window, exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
