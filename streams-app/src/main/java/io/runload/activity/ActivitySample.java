package io.runload.activity;

/**
 * One point of a recorded activity as the file states it. Any field but the time may be missing
 * (null): a GPS-only point has no heart rate, an indoor one no speed. {@code bpm} is kept as
 * recorded, including FIT's 255 "invalid" sentinel, so that the analysis can count what it skips.
 *
 * @param cadenceSpm steps per minute (both feet), already converted from per-foot file units
 * @param distanceMeters cumulative distance from the start of the activity, when the file records it
 */
public record ActivitySample(
        long timeMillis, Integer bpm, Double speedMps, Integer cadenceSpm, Double distanceMeters) {}
