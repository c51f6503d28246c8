package io.runload.http;

import io.runload.domain.FormOutlook;
import io.runload.http.AthleteViews.AlertsView;
import io.runload.http.AthleteViews.GuidanceView;
import io.runload.http.AthleteViews.LoadView;
import io.runload.http.AthleteViews.RunExplanationView;
import io.runload.http.AthleteViews.RunsView;
import io.runload.http.AthleteViews.WeekExplanationView;
import io.runload.http.AthleteViews.WeeklyVolumeView;
import java.time.LocalDate;
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

    /**
     * Guidance for the next run on the athlete's current local date.
     *
     * @param band the range tomorrow's form should fall in
     * @param recoveredTsb the form that counts as recovered after rest
     */
    Optional<GuidanceView> guidance(String athleteId, FormOutlook.Band band, double recoveredTsb, Scope scope);

    /** The inputs behind one run's figures; empty when the athlete or the run is unknown. */
    Optional<RunExplanationView> runExplanation(String athleteId, String runId, Scope scope);

    /**
     * One calendar week of the athlete, named by the Monday of its ISO week; a week that starts on
     * Sunday is the one holding that ISO week's Wednesday. Empty when the athlete is unknown or the
     * week has neither figures nor runs.
     */
    Optional<WeekExplanationView> weekExplanation(String athleteId, LocalDate isoMonday, Scope scope);

    /** Athletes with training data in this instance's active tasks, sorted. */
    List<String> athletes();
}
