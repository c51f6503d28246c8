package io.runload.simulator;

import static io.runload.simulator.DeterministicRandom.uniform;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The shape of one run: its efforts over time and how heart rate behaves on top of them.
 *
 * @param kind               what the run really was
 * @param segments           efforts in order
 * @param driftPerHour       cardiac drift: rise of the HRR fraction per hour at constant effort
 * @param hrrOffset          extra HRR fraction at the same speed (an athlete losing aerobic fitness)
 */
public record RunPrescription(RunKind kind, List<EffortSegment> segments, double driftPerHour, double hrrOffset) {

    public RunPrescription {
        segments = List.copyOf(segments);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a run needs at least one segment");
        }
    }

    public int durationSec() {
        return segments.stream().mapToInt(EffortSegment::seconds).sum();
    }

    /**
     * An easy run of the given length. The target sits mid-Z2 (60-70% HRR, docs/domain.md) so that
     * drift and noise stay under the 70% easy ceiling.
     */
    static RunPrescription easy(int seconds, SplittableRandom random) {
        return new RunPrescription(
                RunKind.EASY,
                withStops(List.of(EffortSegment.running(seconds, uniform(random, 0.62, 0.655))), random),
                uniform(random, 0.02, 0.035),
                0);
    }

    /** A long run: a touch slower than easy, because drift over two hours adds up. */
    static RunPrescription longRun(int seconds, SplittableRandom random) {
        return new RunPrescription(
                RunKind.LONG,
                withStops(List.of(EffortSegment.running(seconds, uniform(random, 0.60, 0.625))), random),
                uniform(random, 0.015, 0.025),
                0);
    }

    /** Easy warm-up, intervals or a tempo block, easy cool-down. */
    static RunPrescription workout(SplittableRandom random) {
        List<EffortSegment> segments = new ArrayList<>();
        segments.add(EffortSegment.running(secondsBetween(random, 12, 15), 0.63));
        if (random.nextDouble() < 0.65) {
            int reps = 5 + random.nextInt(3);
            int work = 60 * (3 + random.nextInt(2));
            double intensity = uniform(random, 0.88, 0.92);
            for (int rep = 0; rep < reps; rep++) {
                segments.add(EffortSegment.running(work, intensity));
                segments.add(EffortSegment.running(120, 0.58));
            }
        } else {
            segments.add(EffortSegment.running(secondsBetween(random, 20, 28), uniform(random, 0.82, 0.86)));
        }
        segments.add(EffortSegment.running(secondsBetween(random, 8, 11), 0.60));
        return new RunPrescription(RunKind.WORKOUT, segments, 0.02, 0);
    }

    /** One day of the overreaching block: a long threshold effort. */
    static RunPrescription hard(SplittableRandom random) {
        return new RunPrescription(
                RunKind.HARD,
                List.of(
                        EffortSegment.running(600, 0.66),
                        EffortSegment.running(secondsBetween(random, 45, 55), uniform(random, 0.84, 0.88)),
                        EffortSegment.running(300, 0.62)),
                0.03,
                0);
    }

    /** An easy run that, after 15 minutes, settles above 75% HRR (over the easy ceiling). */
    static RunPrescription easyTurnedHard(int seconds, SplittableRandom random) {
        int easyPart = 15 * 60;
        return new RunPrescription(
                RunKind.EASY_TURNED_HARD,
                List.of(
                        EffortSegment.running(easyPart, 0.62),
                        new EffortSegment(Math.max(600, seconds - easyPart), uniform(random, 0.79, 0.83), 1.08)),
                0.03,
                0);
    }

    /**
     * An easy run at the athlete's usual easy speed but with heart rate raised by {@code hrrOffset}:
     * a falling efficiency factor (speed / HR). It starts low in Z2 so the offset has room.
     */
    static RunPrescription driftingEasy(int seconds, double hrrOffset, SplittableRandom random) {
        return new RunPrescription(
                RunKind.EASY, List.of(new EffortSegment(seconds, 0.58, 1.0)), uniform(random, 0.015, 0.025), hrrOffset);
    }

    /** The same run, every stretch lasting {@code factor} times as long. */
    RunPrescription stretched(double factor) {
        return new RunPrescription(
                kind,
                segments.stream()
                        .map(s -> new EffortSegment(
                                (int) Math.round(s.seconds() * factor), s.hrrFraction(), s.speedFactor()))
                        .toList(),
                driftPerHour,
                hrrOffset);
    }

    /** Traffic lights: moving time differs from elapsed time on some runs. */
    private static List<EffortSegment> withStops(List<EffortSegment> running, SplittableRandom random) {
        if (random.nextDouble() >= 0.35 || running.size() != 1) {
            return running;
        }
        EffortSegment whole = running.get(0);
        int stopAt = (int) (whole.seconds() * uniform(random, 0.4, 0.8));
        int stop = 15 + random.nextInt(46);
        return List.of(
                new EffortSegment(stopAt, whole.hrrFraction(), whole.speedFactor()),
                EffortSegment.standing(stop),
                new EffortSegment(whole.seconds() - stopAt, whole.hrrFraction(), whole.speedFactor()));
    }

    private static int secondsBetween(SplittableRandom random, int fromMinutes, int toMinutes) {
        return 60 * fromMinutes + random.nextInt(60 * (toMinutes - fromMinutes) + 1);
    }
}
