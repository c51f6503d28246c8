package io.runload.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private final SimulationPosition resumeFrom;
    private volatile long historyEmitted;
    private volatile boolean historyComplete;
    private volatile int liveSessions;

    public DemoSimulator(SimulationPlan plan, SimulationSink sink) {
        this(plan, sink, Optional.empty());
    }

    /**
     * A simulator that, given the position of an earlier run of the same plan, carries on from it:
     * the same history (the same span, so the same athletes and runs), without what was already
     * sent, then a new live phase from now.
     */
    public DemoSimulator(SimulationPlan plan, SimulationSink sink, Optional<SimulationPosition> resume) {
        this(plan, sink, resume, System::nanoTime, Pacer.Sleeper.THREAD);
    }

    /**
     * {@code nanoTime} and {@code sleeper} drive the pacers, so a test can move time itself instead
     * of waiting for it; they must agree with the plan's clock.
     */
    DemoSimulator(SimulationPlan plan, SimulationSink sink, LongSupplier nanoTime, Pacer.Sleeper sleeper) {
        this(plan, sink, Optional.empty(), nanoTime, sleeper);
    }

    private DemoSimulator(
            SimulationPlan plan,
            SimulationSink sink,
            Optional<SimulationPosition> resume,
            LongSupplier nanoTime,
            Pacer.Sleeper sleeper) {
        this.plan = plan;
        this.sink = sink;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.resumeFrom = resume.filter(p -> p.appliesTo(plan)).orElse(null);
        if (resumeFrom != null) {
            this.now = resumeFrom.historyEnd();
            this.historyStart = resumeFrom.historyStart();
            this.historyEmitted = resumeFrom.historyEmitted();
            this.historyComplete = resumeFrom.historyComplete();
            this.liveSessions = resumeFrom.liveSessions();
        } else {
            this.now = plan.clock().instant();
            this.historyStart = now.minus(plan.history());
        }
        this.athletes = AthleteRoster.create(plan, historyStart);
    }

    /** Where the simulation is now; safe to call from another thread while it runs. */
    public SimulationPosition position() {
        return new SimulationPosition(
                plan.seed(), plan.athletes(), historyStart, now, historyEmitted, historyComplete, liveSessions);
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
            emitHistory(historyTimeline(), Pacer.unpaced(), () -> false);
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
        if (historyComplete) {
            LOG.info("History up to {} was sent by an earlier run; carrying on live", now);
        } else {
            EmissionTimeline timeline = historyTimeline();
            Instant from = historyStart;
            long skipped = 0;
            for (; skipped < historyEmitted && timeline.hasNext(); skipped++) {
                from = timeline.next().emitAt();
            }
            Duration replay = plan.historyReplay();
            Pacer historyPacer;
            if (replay.isZero() || !from.isBefore(now)) {
                historyPacer = Pacer.unpaced();
            } else {
                // The rest of the history at the same speed as a whole replay would have had.
                double remaining = (double) Duration.between(from, now).toNanos()
                        / Duration.between(historyStart, now).toNanos();
                historyPacer = new AcceleratedPacer(
                        from,
                        now,
                        Duration.ofNanos(Math.max(1, Math.round(replay.toNanos() * remaining))),
                        nanoTime,
                        sleeper);
            }
            if (skipped > 0) {
                LOG.info("Resuming the history replay after {} records already sent, from {}", skipped, from);
            } else {
                LOG.info(
                        "Replaying {} of history for {} athletes over about {}",
                        plan.history(),
                        athletes.size(),
                        replay);
            }
            emitHistory(timeline, historyPacer, stopped);
            if (historyComplete) {
                LOG.info("History replayed: {}", summary());
            }
        }
        if (!stopped.getAsBoolean()) {
            Instant liveStart = plan.clock().instant();
            startLiveSession();
            LOG.info("Live simulation from {} (session {})", liveStart, liveSessions);
            emit(liveTimeline(liveStart, liveSessions), new WallClockPacer(plan.clock(), sleeper), stopped);
        }
        LOG.info("Simulation stopped: {}", summary());
        return summary();
    }

    // Only the one simulator thread (claimStart) writes these counters; position() on other threads
    // only reads them, and volatile makes those reads current.
    @SuppressWarnings("NonAtomicVolatileUpdate")
    private void countHistoryEmission() {
        historyEmitted++;
    }

    @SuppressWarnings("NonAtomicVolatileUpdate")
    private void startLiveSession() {
        liveSessions++;
    }

    private void claimStart() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a simulator runs once; create a new one to run again");
        }
    }

    private void emitHistory(Iterator<Emission> timeline, Pacer pacer, BooleanSupplier stopped)
            throws InterruptedException {
        emit(timeline, pacer, stopped, this::countHistoryEmission);
        if (!timeline.hasNext()) {
            historyComplete = true;
        }
    }

    private void emit(Iterator<Emission> timeline, Pacer pacer, BooleanSupplier stopped) throws InterruptedException {
        emit(timeline, pacer, stopped, () -> {});
    }

    /** Sends each emission at its turn until the timeline ends or a stop is asked; {@code sent} runs after each one. */
    private void emit(Iterator<Emission> timeline, Pacer pacer, BooleanSupplier stopped, Runnable sent)
            throws InterruptedException {
        while (timeline.hasNext() && !stopped.getAsBoolean()) {
            Emission next = timeline.next();
            pacer.awaitTurn(next.emitAt(), stopped);
            if (stopped.getAsBoolean()) {
                return;
            }
            next.deliverTo(sink, tally);
            sent.run();
        }
    }

    EmissionTimeline historyTimeline() {
        EmissionTimeline timeline = new EmissionTimeline();
        for (TrainingHistory history : histories()) {
            timeline.add(EmissionSource.of(history.extras()));
            history.runs().forEach(run -> timeline.add(EmissionSource.of(run)));
            history.edits()
                    .forEach(edit -> timeline.add(EmissionSource.deferred(
                            edit.emitAt(),
                            () -> new Emission.Run(edit.emitAt(), edit.toRunEvent(RunRecording.of(edit.run()))))));
        }
        return timeline;
    }

    /** Endless live data for all athletes, starting at {@code liveStart}. */
    EmissionTimeline liveTimeline(Instant liveStart) {
        return liveTimeline(liveStart, 1);
    }

    /** As {@link #liveTimeline(Instant)}, for the {@code session}-th live phase of a resumed demo. */
    EmissionTimeline liveTimeline(Instant liveStart, int session) {
        LiveTraining live = new LiveTraining(plan.seed(), liveStart, plan.liveStagger(), session);
        EmissionTimeline timeline = new EmissionTimeline();
        for (SimulatedAthlete athlete : athletes) {
            timeline.add(live.runsOf(athlete));
            timeline.add(live.garbageOf(athlete));
        }
        return timeline;
    }
}
