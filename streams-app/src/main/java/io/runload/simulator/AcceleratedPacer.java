package io.runload.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Replays a span of simulated time in a shorter span of wall time, at a constant speed-up, so the
 * history arrives in event-time order over about a minute instead of all at once.
 *
 * <p>Wall time is measured from the first call, with a monotonic clock.
 */
public final class AcceleratedPacer implements Pacer {

    /** Lag below which no sleep is worth its overhead; records go out in small bursts instead. */
    private static final long MIN_SLEEP_NANOS = 2_000_000;

    private final Instant from;
    private final double wallNanosPerSimulatedNano;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long startNanos;
    private boolean started;

    public AcceleratedPacer(Instant from, Instant to, Duration replay) {
        this(from, to, replay, System::nanoTime, Sleeper.THREAD);
    }

    AcceleratedPacer(Instant from, Instant to, Duration replay, LongSupplier nanoTime, Sleeper sleeper) {
        Duration span = Duration.between(from, to);
        if (span.isNegative() || span.isZero()) {
            throw new IllegalArgumentException("replay span must be positive");
        }
        this.from = from;
        this.wallNanosPerSimulatedNano = (double) replay.toNanos() / span.toNanos();
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** Wall time after the first call at which {@code emitAt} is due. */
    Duration wallOffsetOf(Instant emitAt) {
        long simulated = Math.max(0, Duration.between(from, emitAt).toNanos());
        return Duration.ofNanos(Math.round(simulated * wallNanosPerSimulatedNano));
    }

    @Override
    public void awaitTurn(Instant emitAt, BooleanSupplier stopped) throws InterruptedException {
        if (!started) {
            startNanos = nanoTime.getAsLong();
            started = true;
        }
        long due = startNanos + wallOffsetOf(emitAt).toNanos();
        long ahead;
        while ((ahead = due - nanoTime.getAsLong()) > MIN_SLEEP_NANOS && !stopped.getAsBoolean()) {
            sleeper.sleep(Duration.ofNanos(Math.min(ahead, MAX_SLEEP.toNanos())));
        }
    }
}
