package io.runload.domain;

import io.runload.avro.Sex;
import io.runload.avro.ZoneModel;
import java.time.DayOfWeek;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Runs with a full 1 Hz heart-rate record, generated from a simple physiology independent of the
 * code under test: per athlete, steady-state heart rate is linear in speed (about 0.17 to 0.25 of
 * the heart-rate reserve per m/s, easy pace at 62 to 68% of the reserve); heart rate approaches it
 * with a first-order lag of 25 to 45 s, drifts upwards by 0.05 to 0.2 bpm per minute after the
 * first 10 minutes (cardiac drift), and carries +-2 bpm of noise; speed carries +-0.15 m/s of GPS
 * noise. Each run starts with a 10-minute warm-up ramp from 80% to 95% of easy pace, then follows
 * one of four shapes: steady, steady segments of varied pace, a progression, or a fartlek.
 */
final class SyntheticHeartRateRun {

    /** The hidden physiology of one generated athlete, and the profile the app would hold for them. */
    record Athlete(ResolvedProfile profile, double easySpeed, double hrrPerMps, double lagSec, double driftBpmPerMin) {
        static Athlete generate(Random random) {
            int rest = 45 + random.nextInt(21);
            int max = 180 + random.nextInt(21);
            boolean female = random.nextBoolean();
            ResolvedProfile profile = new ResolvedProfile(
                    max,
                    rest,
                    rest + 0.85 * (max - rest),
                    false,
                    female ? Sex.FEMALE : Sex.MALE,
                    ZoneModel.KARVONEN,
                    ZoneOffset.UTC,
                    DayOfWeek.MONDAY);
            return new Athlete(
                    profile,
                    2.6 + 0.6 * random.nextDouble(),
                    0.17 + 0.08 * random.nextDouble(),
                    25 + 20 * random.nextDouble(),
                    0.05 + 0.15 * random.nextDouble());
        }

        double steadyBpm(double speed, double easyHrr) {
            double hrr = easyHrr + hrrPerMps * (speed - easySpeed);
            return profile.restingHr() + hrr * profile.heartRateReserve();
        }
    }

    enum Shape {
        STEADY,
        SEGMENTS,
        PROGRESSION,
        FARTLEK
    }

    /** Per-second speed (m/s) and heart rate (bpm) of one run. */
    // Read sample by sample, never compared with equals.
    @SuppressWarnings("ArrayRecordComponent")
    record Run(double[] speed, int[] bpm) {
        int seconds() {
            return speed.length;
        }

        double distanceMeters() {
            double d = 0;
            for (int s = 0; s < seconds() - 1; s++) {
                d += speed[s];
            }
            return d;
        }

        /**
         * Banister TRIMP of the full record, summed here directly: each 1 s sample but the last
         * earns x * 0.64 * e^(k x) / 60 with x its heart-rate-reserve fraction clamped to [0, 1].
         */
        double trimp(ResolvedProfile profile) {
            double total = 0;
            for (int s = 0; s < seconds() - 1; s++) {
                double x = (bpm[s] - profile.restingHr()) / (double) profile.heartRateReserve();
                x = Math.max(0, Math.min(1, x));
                total += x * 0.64 * Math.exp(profile.trimpK() * x) / 60.0;
            }
            return total;
        }

        /** The record fed to an accumulator, heart rate only for the first {@code hrSeconds}. */
        RunHeartRateAccumulator accumulate(long startMillis, int hrSeconds) {
            RunHeartRateAccumulator acc = new RunHeartRateAccumulator();
            for (int s = 0; s <= Math.min(hrSeconds, seconds() - 1); s++) {
                acc.add(startMillis + s * 1000L, bpm[s], speed[s], 0);
            }
            return acc;
        }
    }

    private SyntheticHeartRateRun() {}

    static Run generate(Athlete athlete, Shape shape, int minutes, Random random) {
        int seconds = minutes * 60 + 1;
        double[] target = new double[seconds];
        double easy = athlete.easySpeed();
        int warmUp = 600;
        for (int s = 0; s < Math.min(warmUp, seconds); s++) {
            target[s] = easy * (0.80 + 0.15 * s / warmUp);
        }
        int s = warmUp;
        double level = easy;
        while (s < seconds) {
            int length;
            switch (shape) {
                case STEADY -> {
                    level = easy;
                    length = seconds;
                }
                case SEGMENTS -> {
                    level = easy * (0.9 + 0.2 * random.nextDouble());
                    length = 300 + random.nextInt(601);
                }
                case PROGRESSION -> {
                    level = easy * (1.0 + 0.15 * (s - warmUp) / (double) (seconds - warmUp));
                    length = 60;
                }
                default -> {
                    level = easy * (0.85 + 0.3 * random.nextDouble());
                    length = 60 + random.nextInt(181);
                }
            }
            for (int i = 0; i < length && s < seconds; i++, s++) {
                target[s] = level;
            }
        }
        double easyHrr = 0.62 + 0.06 * random.nextDouble();
        double[] speed = new double[seconds];
        int[] bpm = new int[seconds];
        double hr = athlete.profile().restingHr() + 20;
        for (int t = 0; t < seconds; t++) {
            speed[t] = Math.max(0.5, target[t] + 0.15 * random.nextGaussian());
            double drift = athlete.driftBpmPerMin() * Math.max(0, t - 600) / 60.0;
            double steady = athlete.steadyBpm(target[t], easyHrr) + drift;
            hr += (steady - hr) / athlete.lagSec();
            bpm[t] = (int) Math.round(hr + 2 * random.nextGaussian());
        }
        return new Run(speed, bpm);
    }

    static List<Shape> shapes() {
        return List.of(Shape.values());
    }

    static List<Integer> cutMinutes() {
        return new ArrayList<>(List.of(10, 20, 30, 40));
    }
}
