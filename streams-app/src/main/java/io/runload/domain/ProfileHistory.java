package io.runload.domain;

import io.runload.avro.Sex;
import io.runload.avro.ZoneModel;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * An athlete's profile versions, ordered by {@code effectiveFrom}, so that every activity is judged
 * with the profile in force on its own date (docs/domain.md, "The athlete's profile"). Bounded: at most
 * {@link #MAX_VERSIONS} versions are kept and the oldest go first, after which activities dated
 * before the earliest remaining version use that earliest version.
 */
public final class ProfileHistory {

    public static final int MAX_VERSIONS = 16;
    /** docs/domain.md: a missing resting HR is taken as 60. */
    public static final int DEFAULT_RESTING_HR = 60;
    /** Age used for the Tanaka estimate when neither max HR nor birth year is known: gives 187 bpm. */
    public static final int DEFAULT_AGE = 30;
    /** docs/domain.md: missing LTHR is restingHr + 0.85 * HRR. */
    public static final double LTHR_SHARE_OF_RESERVE = 0.85;

    private static final ZoneId UTC = ZoneId.of("UTC");

    private final List<ProfileVersion> versions;

    public ProfileHistory() {
        this.versions = new ArrayList<>();
    }

    private ProfileHistory(List<ProfileVersion> versions) {
        this.versions = versions;
    }

    /**
     * The history of {@code versions} as they were kept, oldest first; they were checked when they
     * were added, so they are not judged again.
     */
    public static ProfileHistory restore(List<ProfileVersion> versions) {
        if (versions.size() > MAX_VERSIONS) {
            throw new IllegalArgumentException("too many profile versions: " + versions.size());
        }
        return new ProfileHistory(new ArrayList<>(versions));
    }

    /**
     * Adds a version, replacing one with the same {@code effectiveFrom}. Impossible profiles are refused
     * (returns false) so that they can never drive zones; the caller reports them.
     */
    public boolean upsert(ProfileVersion version) {
        if (version.impossibility().isPresent()) {
            return false;
        }
        int index = indexOf(version.effectiveFrom());
        if (index >= 0) {
            versions.set(index, version);
        } else {
            versions.add(-index - 1, version);
        }
        while (versions.size() > MAX_VERSIONS) {
            versions.remove(0);
        }
        return true;
    }

    public List<ProfileVersion> versions() {
        return Collections.unmodifiableList(versions);
    }

    public boolean isEmpty() {
        return versions.isEmpty();
    }

    /** The profile for an activity on {@code activityDate} (a local date). */
    public ResolvedProfile resolve(LocalDate activityDate) {
        ProfileVersion version = versionAsOf(activityDate);
        return version == null ? populationDefault() : resolve(version, activityDate);
    }

    /**
     * The published version {@link #resolve(LocalDate)} fills in for {@code activityDate}: the latest
     * effective on that date, or the earliest for a date before every version. Empty without versions.
     */
    public Optional<ProfileVersion> versionFor(LocalDate activityDate) {
        return Optional.ofNullable(versionAsOf(activityDate));
    }

    /**
     * The profile for an instant, dated in {@code zoneOrNull} or, when the activity carries no zone,
     * in the home zone of the latest version (heart-rate samples have no zone of their own).
     */
    public ResolvedProfile resolveAt(Instant instant, ZoneId zoneOrNull) {
        return resolve(LocalDate.ofInstant(instant, zoneOrHome(zoneOrNull)));
    }

    /**
     * {@link #resolveAt(Instant, ZoneId) resolveAt(instant, null)} together with the local day it
     * holds for, so that a caller can reuse it for every sample of that day.
     */
    public ProfileForDay resolveDayAt(Instant instant) {
        ZoneId zone = zoneOrHome(null);
        LocalDate date = LocalDate.ofInstant(instant, zone);
        return new ProfileForDay(
                resolve(date),
                date.atStartOfDay(zone).toInstant().toEpochMilli(),
                date.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli());
    }

    private ZoneId zoneOrHome(ZoneId zoneOrNull) {
        if (zoneOrNull != null) {
            return zoneOrNull;
        }
        return versions.isEmpty() || versions.get(versions.size() - 1).timezone() == null
                ? UTC
                : versions.get(versions.size() - 1).timezone();
    }

    /** What an athlete without any profile gets: Tanaka at {@link #DEFAULT_AGE}, flagged estimated. */
    public static ResolvedProfile populationDefault() {
        int maxHr = tanakaMaxHr(DEFAULT_AGE);
        return new ResolvedProfile(
                maxHr,
                DEFAULT_RESTING_HR,
                defaultLthr(DEFAULT_RESTING_HR, maxHr),
                true,
                Sex.UNKNOWN,
                ZoneModel.KARVONEN,
                UTC,
                DayOfWeek.MONDAY);
    }

    /** Tanaka et al. 2001: 208 - 0.7 * age, rounded to whole beats (docs/domain.md). */
    public static int tanakaMaxHr(int age) {
        return (int) Math.round(208 - 0.7 * age);
    }

    private ProfileVersion versionAsOf(LocalDate date) {
        if (versions.isEmpty()) {
            return null;
        }
        int index = indexOf(date);
        if (index >= 0) {
            return versions.get(index);
        }
        int before = -index - 2;
        return versions.get(Math.max(0, before));
    }

    private static ResolvedProfile resolve(ProfileVersion version, LocalDate activityDate) {
        int restingHr = version.restingHr() != null ? version.restingHr() : DEFAULT_RESTING_HR;
        boolean estimated = version.maxHr() == null;
        int maxHr;
        if (!estimated) {
            maxHr = version.maxHr();
        } else {
            int age = version.birthYear() == null ? DEFAULT_AGE : activityDate.getYear() - version.birthYear();
            maxHr = tanakaMaxHr(age < 0 ? DEFAULT_AGE : age);
        }
        if (maxHr <= restingHr) {
            // Only reachable with an estimated max below a stated resting HR; the estimate is the weaker
            // number, but a zero reserve would divide by zero, so the resting HR yields instead.
            restingHr = Math.min(DEFAULT_RESTING_HR, maxHr - 1);
        }
        Integer statedLthr = version.lthr();
        boolean lthrUsable = statedLthr != null && statedLthr > restingHr && statedLthr <= maxHr;
        double lthr = lthrUsable ? statedLthr : defaultLthr(restingHr, maxHr);
        // Friel's zones hang entirely on LTHR; built on the 85%-of-reserve guess they would only
        // restate Karvonen with worse boundaries, so without a measured LTHR we use Karvonen.
        ZoneModel model =
                version.zoneModel() == ZoneModel.LTHR_FRIEL && lthrUsable ? ZoneModel.LTHR_FRIEL : ZoneModel.KARVONEN;
        return new ResolvedProfile(
                maxHr, restingHr, lthr, estimated, version.sex(), model, version.timezone(), version.weekStart());
    }

    private static double defaultLthr(int restingHr, int maxHr) {
        return restingHr + LTHR_SHARE_OF_RESERVE * (maxHr - restingHr);
    }

    private int indexOf(LocalDate date) {
        int low = 0;
        int high = versions.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int cmp = versions.get(mid).effectiveFrom().compareTo(date);
            if (cmp < 0) {
                low = mid + 1;
            } else if (cmp > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }
}
