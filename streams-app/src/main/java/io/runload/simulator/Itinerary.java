package io.runload.simulator;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where an athlete is, by day of the simulated history. Runs carry the zone they happened in,
 * which is how a traveller's local dates move.
 */
public final class Itinerary {

    private final TreeMap<Integer, ZoneId> zoneFromDay;

    private Itinerary(Map<Integer, ZoneId> zoneFromDay) {
        this.zoneFromDay = new TreeMap<>(zoneFromDay);
    }

    public static Itinerary stayingIn(ZoneId zone) {
        return new Itinerary(Map.of(0, zone));
    }

    /** Home zone until {@code leaveDay}, {@code away} until {@code returnDay}, then home again. */
    public static Itinerary trip(ZoneId home, ZoneId away, int leaveDay, int returnDay) {
        return new Itinerary(Map.of(0, home, leaveDay, away, returnDay, home));
    }

    public ZoneId home() {
        return zoneFromDay.firstEntry().getValue();
    }

    /** Zone on the given day of the history (0 = first day); days past the end keep the last zone. */
    public ZoneId zoneOnDay(int day) {
        var entry = zoneFromDay.floorEntry(day);
        return entry == null ? home() : entry.getValue();
    }

    public List<ZoneId> zones() {
        return zoneFromDay.values().stream().distinct().toList();
    }

    /** First day on which the athlete is in {@code zone} after having been elsewhere, or -1. */
    public int arrivalDay(ZoneId zone) {
        return zoneFromDay.entrySet().stream()
                .filter(e -> e.getKey() > 0 && e.getValue().equals(zone))
                .mapToInt(Map.Entry::getKey)
                .findFirst()
                .orElse(-1);
    }

    public int departureDay(ZoneId zone) {
        int arrival = arrivalDay(zone);
        if (arrival < 0) {
            return -1;
        }
        Integer next = zoneFromDay.higherKey(arrival);
        return next == null ? Integer.MAX_VALUE : next;
    }
}
