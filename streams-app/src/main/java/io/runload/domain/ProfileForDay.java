package io.runload.domain;

/**
 * A resolved profile with the span of time it holds for: the profile of an instant depends only on
 * the athlete's local date, so every instant in [{@code fromMillis}, {@code untilMillis}) resolves
 * to the same profile until the history changes.
 */
public record ProfileForDay(ResolvedProfile profile, long fromMillis, long untilMillis) {

    /** What an athlete without any profile gets, at any time. */
    public static ProfileForDay populationDefault() {
        return new ProfileForDay(ProfileHistory.populationDefault(), Long.MIN_VALUE, Long.MAX_VALUE);
    }

    public boolean covers(long epochMillis) {
        return epochMillis >= fromMillis && epochMillis < untilMillis;
    }
}
