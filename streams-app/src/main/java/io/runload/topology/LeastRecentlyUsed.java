package io.runload.topology;

import java.util.LinkedHashMap;
import java.util.Map;

/** The bounded map behind the per-task caches of the per-sample path: beyond capacity, the least recently used entry goes. */
final class LeastRecentlyUsed {
    private LeastRecentlyUsed() {}

    static <V> Map<String, V> map(int capacity) {
        return new LinkedHashMap<>(Math.min(capacity, 1024) * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
