package io.runload.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Decides when a record with a given simulated emission time may actually be sent. */
public interface Pacer {

    /** Longest single sleep, so that a stop request is noticed promptly. */
    Duration MAX_SLEEP = Duration.ofMillis(200);

    /**
     * Blocks until {@code emitAt} is due, or returns early once {@code stopped} says so.
     */
    void awaitTurn(Instant emitAt, BooleanSupplier stopped) throws InterruptedException;

    /** Sends everything as fast as the sink takes it: for tests and batch generation. */
    static Pacer unpaced() {
        return (emitAt, stopped) -> {};
    }

    /** Sleeping, behind an interface so pacing can be tested without waiting. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        Sleeper THREAD = duration -> Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
    }
}
