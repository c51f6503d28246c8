package io.runload.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What to simulate and how fast.
 *
 * @param athletes      number of athletes, with ids sim-0001, sim-0002, ...
 * @param seed          the same seed (and clock) gives the same records
 * @param clock         wall clock: "now" is read once at start; live records wait for it
 * @param history       how far back the history goes
 * @param historyReplay wall time over which the history is replayed when paced
 * @param liveStagger   gap between the first live runs of consecutive athletes
 */
public record SimulationPlan(
        int athletes, long seed, Clock clock, Duration history, Duration historyReplay, Duration liveStagger) {

    public static final int DEFAULT_ATHLETES = 12;
    public static final Duration DEFAULT_HISTORY = Duration.ofDays(42);
    /** Replaying 42 days of 12 athletes in 75 s keeps the demo inside its 60-90 s budget. */
    public static final Duration DEFAULT_REPLAY = Duration.ofSeconds(75);

    public static final Duration DEFAULT_LIVE_STAGGER = Duration.ofSeconds(40);

    public SimulationPlan {
        Objects.requireNonNull(clock, "clock");
        if (athletes < 1 || athletes > 9999) {
            throw new IllegalArgumentException("athletes must be 1..9999 (ids have four digits)");
        }
        // The scenarios need four weeks before the final fortnight.
        if (history.compareTo(Duration.ofDays(35)) < 0 || history.compareTo(Duration.ofDays(365)) > 0) {
            throw new IllegalArgumentException("history must be 35..365 days");
        }
        if (historyReplay.isNegative() || liveStagger.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    public static SimulationPlan defaults() {
        return new SimulationPlan(
                DEFAULT_ATHLETES, 42L, Clock.systemUTC(), DEFAULT_HISTORY, DEFAULT_REPLAY, DEFAULT_LIVE_STAGGER);
    }

    public SimulationPlan withAthletes(int count) {
        return new SimulationPlan(count, seed, clock, history, historyReplay, liveStagger);
    }

    public SimulationPlan withSeed(long newSeed) {
        return new SimulationPlan(athletes, newSeed, clock, history, historyReplay, liveStagger);
    }

    public SimulationPlan withClock(Clock newClock) {
        return new SimulationPlan(athletes, seed, newClock, history, historyReplay, liveStagger);
    }

    public SimulationPlan withHistory(Duration newHistory) {
        return new SimulationPlan(athletes, seed, clock, newHistory, historyReplay, liveStagger);
    }

    /** Zero replays the history as fast as the sink accepts it. */
    public SimulationPlan withHistoryReplay(Duration replay) {
        return new SimulationPlan(athletes, seed, clock, history, replay, liveStagger);
    }

    public SimulationPlan withLiveStagger(Duration stagger) {
        return new SimulationPlan(athletes, seed, clock, history, historyReplay, stagger);
    }
}
