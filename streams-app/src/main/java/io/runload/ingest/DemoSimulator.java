package io.runload.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The demo's data source. Phase 1 replays the history (from now minus the history length up to
 * now) in accelerated time, all athletes merged in emission-time order. Phase 2 continues live:
 * new runs whose samples go out at 1 Hz as they happen.
 *
 * <p>No record is sent before its emission time has passed on the wall clock, and no event time
 * is later than its emission time, so nothing is ever in the future.
 */
public final class DemoSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(DemoSimulator.class);

    private final SimulationPlan plan;
    private final SimulationSink sink;
    private final Instant now;
    private final Instant historyStart;
    private final List<SimulatedAthlete> athletes;
    private final EmissionTally tally = new EmissionTally();
    private final AtomicBoolean started = new AtomicBoolean();
    private final LongSupplier nanoTime;
    private final Pacer.Sleeper sleeper;

    public DemoSimulator(SimulationPlan plan, SimulationSink sink) {
        this(plan, sink, System::nanoTime, Pacer.Sleeper.THREAD);
    }

    /**
     * {@code nanoTime} and {@code sleeper} drive the pacers, so a test can move time itself instead
     * of waiting for it; they must agree with the plan's clock.
     */
    DemoSimulator(SimulationPlan plan, SimulationSink sink, LongSupplier nanoTime, Pacer.Sleeper sleeper) {
        this.plan = plan;
        this.sink = sink;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.now = plan.clock().instant();
        this.historyStart = now.minus(plan.history());
        this.athletes = AthleteRoster.create(plan, historyStart);
    }

    public List<SimulatedAthlete> athletes() {
        return athletes;
    }

    public Instant historyStart() {
        return historyStart;
    }

    /** The wall-clock "now" read at construction; the history ends here. */
    public Instant historyEnd() {
        return now;
    }

    /** The planned history of every athlete, without emitting anything. */
    public List<TrainingHistory> histories() {
        TrainingPlanner planner = new TrainingPlanner(plan.seed(), historyStart, now);
        return athletes.stream().map(planner::plan).toList();
    }

    /** Emits the whole history to the sink as fast as it takes it, and no live data. */
    public SimulationSummary generateHistory() {
        claimStart();
        try {
            emit(historyTimeline(), Pacer.unpaced(), () -> false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("unpaced emission does not wait", e);
        }
        return summary();
    }

    /** Paced history, then live data until {@code wallTime} has passed on the plan's clock. */
    public SimulationSummary run(Duration wallTime) throws InterruptedException {
        Instant deadline = plan.clock().instant().plus(wallTime);
        return runUntil(() -> !plan.clock().instant().isBefore(deadline));
    }

    /** Paced history, then live data until {@code stop} is set. */
    public SimulationSummary runUntilStopped(AtomicBoolean stop) throws InterruptedException {
        return runUntil(stop::get);
    }

    /** Counts so far; safe to call from another thread while the simulator runs. */
    public SimulationSummary summary() {
        return tally.snapshot();
    }

    private SimulationSummary runUntil(BooleanSupplier stopped) throws InterruptedException {
        claimStart();
        Pacer historyPacer = plan.historyReplay().isZero()
                ? Pacer.unpaced()
                : new AcceleratedPacer(historyStart, now, plan.historyReplay(), nanoTime, sleeper);
        LOG.info("Replaying {} of history for {} athletes over about {}", plan.history(), athletes.size(),
                plan.historyReplay());
        emit(historyTimeline(), historyPacer, stopped);
        LOG.info("History replayed: {}", summary());
        if (!stopped.getAsBoolean()) {
            Instant liveStart = plan.clock().instant();
            LOG.info("Live simulation from {}", liveStart);
            emit(liveTimeline(liveStart), new WallClockPacer(plan.clock(), sleeper), stopped);
        }
        LOG.info("Simulation stopped: {}", summary());
        return summary();
    }

    private void claimStart() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a simulator runs once; create a new one to run again");
        }
    }

    private void emit(Iterator<Emission> timeline, Pacer pacer, BooleanSupplier stopped) throws InterruptedException {
        while (timeline.hasNext() && !stopped.getAsBoolean()) {
            Emission next = timeline.next();
            pacer.awaitTurn(next.emitAt(), stopped);
            if (stopped.getAsBoolean()) {
                return;
            }
            next.deliverTo(sink, tally);
        }
    }

    EmissionTimeline historyTimeline() {
        EmissionTimeline timeline = new EmissionTimeline();
        for (TrainingHistory history : histories()) {
            timeline.add(EmissionSource.of(history.extras()));
            history.runs().forEach(run -> timeline.add(EmissionSource.of(run)));
            history.edits().forEach(edit -> timeline.add(EmissionSource.deferred(edit.emitAt(),
                    () -> new Emission.Run(edit.emitAt(), edit.toRunEvent(RunRecording.of(edit.run()))))));
        }
        return timeline;
    }

    /** Endless live data for all athletes, starting at {@code liveStart}. */
    EmissionTimeline liveTimeline(Instant liveStart) {
        LiveTraining live = new LiveTraining(plan.seed(), liveStart, plan.liveStagger());
        EmissionTimeline timeline = new EmissionTimeline();
        for (SimulatedAthlete athlete : athletes) {
            timeline.add(live.runsOf(athlete));
            timeline.add(live.garbageOf(athlete));
        }
        return timeline;
    }
}
