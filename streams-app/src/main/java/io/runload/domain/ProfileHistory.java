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

    private static final byte FORMAT_VERSION = 1;
    private static final ZoneId UTC = ZoneId.of("UTC");

    private final List<ProfileVersion> versions;

    public ProfileHistory() {
        this.versions = new ArrayList<>();
    }

    private ProfileHistory(List<ProfileVersion> versions) {
        this.versions = versions;
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

    // ---- codec ------------------------------------------------------------------------------
    // Enums are stored by their StoredEnumCodes code; an unknown code decodes as "missing" so the
    // resolver's default applies.

    private static final int HAS_MAX = 1;
    private static final int HAS_RESTING = 1 << 1;
    private static final int HAS_LTHR = 1 << 2;
    private static final int HAS_BIRTH_YEAR = 1 << 3;
    private static final int HAS_TIMEZONE = 1 << 4;
    private static final int HAS_WEEK_START = 1 << 5;
    private static final int HAS_ZONE_MODEL = 1 << 6;
    private static final int HAS_SEX = 1 << 7;

    public byte[] toBytes() {
        CompactBytesOut out = new CompactBytesOut(8 + versions.size() * 24);
        out.writeByte(FORMAT_VERSION);
        out.writeUnsigned(versions.size());
        for (ProfileVersion v : versions) {
            int presence = (v.maxHr() != null ? HAS_MAX : 0)
                    | (v.restingHr() != null ? HAS_RESTING : 0)
                    | (v.lthr() != null ? HAS_LTHR : 0)
                    | (v.birthYear() != null ? HAS_BIRTH_YEAR : 0)
                    | (v.timezone() != null ? HAS_TIMEZONE : 0)
                    | (v.weekStart() != null ? HAS_WEEK_START : 0)
                    | (v.zoneModel() != null ? HAS_ZONE_MODEL : 0)
                    | (v.sex() != null ? HAS_SEX : 0);
            out.writeByte(presence);
            if (v.maxHr() != null) {
                out.writeUnsigned(v.maxHr());
            }
            if (v.restingHr() != null) {
                out.writeUnsigned(v.restingHr());
            }
            if (v.lthr() != null) {
                out.writeUnsigned(v.lthr());
            }
            if (v.birthYear() != null) {
                out.writeUnsigned(v.birthYear());
            }
            if (v.timezone() != null) {
                out.writeString(v.timezone().getId());
            }
            if (v.weekStart() != null) {
                out.writeByte(v.weekStart().getValue());
            }
            if (v.zoneModel() != null) {
                out.writeByte(StoredEnumCodes.ZONE_MODEL.code(v.zoneModel()));
            }
            if (v.sex() != null) {
                out.writeByte(StoredEnumCodes.SEX.code(v.sex()));
            }
            out.writeSigned(v.effectiveFrom().toEpochDay());
        }
        return out.toByteArray();
    }

    public static ProfileHistory fromBytes(byte[] bytes) {
        CompactBytesIn in = new CompactBytesIn(bytes);
        int format = in.readByte();
        if (format != FORMAT_VERSION) {
            throw CompactBytesIn.corrupt("unknown ProfileHistory format " + format);
        }
        int count = in.readUnsignedInt();
        if (count > MAX_VERSIONS) {
            throw CompactBytesIn.corrupt("too many profile versions: " + count);
        }
        List<ProfileVersion> versions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int presence = in.readByte();
            Integer maxHr = (presence & HAS_MAX) != 0 ? in.readUnsignedInt() : null;
            Integer restingHr = (presence & HAS_RESTING) != 0 ? in.readUnsignedInt() : null;
            Integer lthr = (presence & HAS_LTHR) != 0 ? in.readUnsignedInt() : null;
            Integer birthYear = (presence & HAS_BIRTH_YEAR) != 0 ? in.readUnsignedInt() : null;
            ZoneId timezone = (presence & HAS_TIMEZONE) != 0 ? ZoneId.of(in.readString()) : null;
            DayOfWeek weekStart = (presence & HAS_WEEK_START) != 0 ? dayOfWeek(in.readByte()) : null;
            ZoneModel zoneModel =
                    (presence & HAS_ZONE_MODEL) != 0 ? StoredEnumCodes.ZONE_MODEL.constant(in.readByte()) : null;
            Sex sex = (presence & HAS_SEX) != 0 ? StoredEnumCodes.SEX.constant(in.readByte()) : null;
            LocalDate effectiveFrom = LocalDate.ofEpochDay(in.readSigned());
            versions.add(new ProfileVersion(
                    maxHr, restingHr, lthr, birthYear, sex, timezone, weekStart, zoneModel, effectiveFrom));
        }
        if (!in.atEnd()) {
            throw CompactBytesIn.corrupt("trailing bytes after ProfileHistory");
        }
        return new ProfileHistory(versions);
    }

    private static DayOfWeek dayOfWeek(int isoValue) {
        return isoValue >= 1 && isoValue <= 7 ? DayOfWeek.of(isoValue) : null;
    }
}
