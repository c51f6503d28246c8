package io.runload.http;

import io.runload.http.AthleteViews.AlertsView;
import io.runload.http.AthleteViews.LoadView;
import io.runload.http.AthleteViews.RunsView;
import io.runload.http.AthleteViews.WeeklyVolumeView;
import java.util.List;
import java.util.Optional;

/**
 * Answers athlete queries from the state this instance holds. Empty means the athlete is unknown
 * here; {@link StoreUnavailableException} means the state cannot be read right now.
 */
public interface AthleteStateReader {
    /**
     * Which local copy to read.
     *
     * @param partition the athlete's partition, or null for every local partition
     * @param allowStale true to read a standby (or restoring) copy, used when the owner is down
     */
    record Scope(Integer partition, boolean allowStale) {
        public static final Scope ALL_ACTIVE = new Scope(null, false);
    }

    Optional<WeeklyVolumeView> weeklyVolume(String athleteId, int weeks, Scope scope);

    Optional<LoadView> load(String athleteId, int days, Scope scope);

    Optional<AlertsView> alerts(String athleteId, int limit, Scope scope);

    Optional<RunsView> runs(String athleteId, int limit, Scope scope);

    /** Athletes with training data in this instance's active tasks, sorted. */
    List<String> athletes();
}
