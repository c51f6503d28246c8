package io.runload.state;

import io.runload.avro.Sex;
import io.runload.avro.ZoneModel;
import io.runload.domain.ProfileHistory;
import io.runload.domain.ProfileVersion;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The profile-history store value (format 1): per version a presence byte, then the fields it
 * has as varints, the time zone as its id, the week start as its ISO day number.
 */
public final class ProfileHistoryCodec {

    private static final byte FORMAT_VERSION = 1;

    private ProfileHistoryCodec() {}

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

    public static byte[] encode(ProfileHistory history) {
        List<ProfileVersion> versions = history.versions();
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

    public static ProfileHistory decode(byte[] bytes) {
        CompactBytesIn in = new CompactBytesIn(bytes);
        int format = in.readByte();
        if (format != FORMAT_VERSION) {
            throw CompactBytesIn.corrupt("unknown ProfileHistory format " + format);
        }
        int count = in.readUnsignedInt();
        if (count > ProfileHistory.MAX_VERSIONS) {
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
        return ProfileHistory.restore(versions);
    }

    private static DayOfWeek dayOfWeek(int isoValue) {
        return isoValue >= 1 && isoValue <= 7 ? DayOfWeek.of(isoValue) : null;
    }
}
