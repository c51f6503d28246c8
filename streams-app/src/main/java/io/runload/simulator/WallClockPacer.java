package io.runload.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Real time: a record goes out once the wall clock has reached its emission time, never before. */
public final class WallClockPacer implements Pacer {

    private final Clock clock;
    private final Sleeper sleeper;

    public WallClockPacer(Clock clock) {
        this(clock, Sleeper.THREAD);
    }

    WallClockPacer(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    @Override
    public void awaitTurn(Instant emitAt, BooleanSupplier stopped) throws InterruptedException {
        Duration ahead = Duration.between(clock.instant(), emitAt);
        while (ahead.compareTo(Duration.ZERO) > 0 && !stopped.getAsBoolean()) {
            sleeper.sleep(ahead.compareTo(MAX_SLEEP) < 0 ? ahead : MAX_SLEEP);
            ahead = Duration.between(clock.instant(), emitAt);
        }
    }
}
