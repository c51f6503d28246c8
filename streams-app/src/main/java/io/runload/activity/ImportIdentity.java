package io.runload.activity;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Ids of an imported run, derived only from what the file contains, so that importing the same file
 * again (renamed, moved, from another machine) yields the same ids and the pipeline's exact dedup on
 * {@code (source, externalId)} and its per-run sample dedup recognise it.
 */
public final class ImportIdentity {
    /** 128 bits of SHA-256 are plenty to tell activity files apart and keep ids readable. */
    static final int HASH_HEX_CHARS = 32;

    private ImportIdentity() {}

    /** {@code <content hash>-<index of the run in the file>}, e.g. {@code 3f2a...-0}. */
    public static String externalId(String contentHash, int sessionIndex) {
        return contentHash.substring(0, Math.min(HASH_HEX_CHARS, contentHash.length())) + "-" + sessionIndex;
    }

    /** A name-based UUID of (athleteId, source, externalId): the same upload of the same athlete has one run id. */
    public static String runId(String athleteId, String source, String externalId) {
        String name = athleteId + '\u0000' + source + '\u0000' + externalId;
        return "import-" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
