package io.runload.domain;

/**
 * The rules that raise alerts, with their stable ids, versions and sources: the table in
 * docs/alerts.md. A version rises when a rule's condition, thresholds or severity bands change, so
 * a consumer can tell which records were judged by which formulation. DOIs are given only where they
 * were checked against the publisher's record; elsewhere the citation text stands alone.
 */
public enum AlertRule {
    SINGLE_RUN_SPIKE(
            "single-run-spike",
            1,
            "percent",
            "Frandsen JSB et al. 2025, Br J Sports Med 59(17):1203-1210 (Garmin-RUNSAFE: 5,205 runners, "
                    + "588,071 sessions)",
            "10.1136/bjsports-2024-109380",
            EvidenceGrade.A),
    /** Version 2: the WARNING band above +30% is gone; the change is reported, not graded as a risk. */
    WEEKLY_VOLUME_CHANGE(
            "weekly-volume-change",
            2,
            "percent",
            "Frandsen JSB et al. 2025, Br J Sports Med 59(17):1203-1210 (no association of the week-to-week "
                    + "ratio with overuse injury); Buist I et al. 2008, Am J Sports Med 36(1):33-39",
            "10.1136/bjsports-2024-109380",
            EvidenceGrade.C),
    ACWR(
            "acwr",
            1,
            "ratio",
            "Williams S et al. 2017, Br J Sports Med 51(3):209-210 (EWMA ratio); contested: Impellizzeri FM "
                    + "et al. 2020, Int J Sports Physiol Perform 15(6):907-913; Lolli L et al. 2019, Br J Sports "
                    + "Med 53(15):921-922",
            null,
            EvidenceGrade.C),
    RECOVERY_DEFICIT_TSB(
            "recovery-deficit-tsb",
            1,
            "load",
            "Banister EW et al. 1975, Aust J Sports Med 7:57-61 (impulse-response model); Allen H, Coggan A, "
                    + "Training and Racing with a Power Meter (Performance Management Chart)",
            null,
            EvidenceGrade.C),
    RECOVERY_DEFICIT_MONOTONY(
            "recovery-deficit-monotony",
            1,
            "ratio",
            "Foster C 1998, Med Sci Sports Exerc 30(7):1164-1168",
            null,
            EvidenceGrade.B),
    RECOVERY_DEFICIT_NO_LIGHT_DAY(
            "recovery-deficit-no-light-day",
            1,
            "days",
            "RunLoad convention: a light day (load under max(30, 20% of CTL)) at least once a week",
            null,
            EvidenceGrade.C),
    EASY_SHARE(
            "easy-share",
            1,
            "percent",
            "Seiler KS, Kjerland GØ 2006, Scand J Med Sci Sports 16(1):49-56 (80/20 intensity distribution)",
            null,
            EvidenceGrade.C),
    EASY_EF_DRIFT(
            "easy-ef-drift",
            1,
            "percent",
            "Friel J, The Triathlete's Training Bible (efficiency factor, Pa:HR)",
            null,
            EvidenceGrade.C),
    EASY_RUN_TOO_HARD(
            "easy-run-too-hard",
            1,
            "percent",
            "Karvonen MJ et al. 1957, Ann Med Exp Biol Fenn 35(3):307-315 (heart-rate reserve); coaching "
                    + "convention of a 10-minute warm-up and a 5-minute window",
            null,
            EvidenceGrade.C);

    private final String id;
    private final int version;
    private final String unit;
    private final String source;
    private final String doi;
    private final EvidenceGrade grade;

    AlertRule(String id, int version, String unit, String source, String doi, EvidenceGrade grade) {
        this.id = id;
        this.version = version;
        this.unit = unit;
        this.source = source;
        this.doi = doi;
        this.grade = grade;
    }

    public String id() {
        return id;
    }

    public int version() {
        return version;
    }

    public String unit() {
        return unit;
    }

    public String source() {
        return source;
    }

    public String doi() {
        return doi;
    }

    public EvidenceGrade grade() {
        return grade;
    }

    /** This rule's basis for one alert: {@code measuredValue} compared with {@code threshold}. */
    public AlertBasis basis(double threshold, double measuredValue) {
        return new AlertBasis(id, version, threshold, measuredValue, unit, source, doi, grade);
    }
}
