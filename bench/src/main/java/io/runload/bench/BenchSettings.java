package io.runload.bench;

/**
 * The benchmark's {@code BENCH_*} variables. {@code BENCH_QUICK=1} swaps every default for a small
 * one, so that CI can run each phase in a few minutes; a variable that is set always wins.
 */
final class BenchSettings {
    private BenchSettings() {}

    static boolean quick() {
        return "1".equals(System.getenv("BENCH_QUICK"));
    }

    static long get(String name, long full, long quick) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            return quick() ? quick : full;
        }
        return Long.parseLong(v.trim().replace("_", ""));
    }
}
