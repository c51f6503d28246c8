package io.runload.topology;

import io.runload.avro.ErasureOrigin;
import io.runload.avro.ErasureRequest;

/** An accepted request to erase one athlete, from the erasures topic or a profile tombstone. */
record ErasureCommand(String athleteId, String requestId, long requestedAtMillis, ErasureOrigin origin) {

    static ErasureCommand of(ErasureRequest request) {
        return new ErasureCommand(
                request.getAthleteId(),
                request.getRequestId(),
                request.getRequestedAt().toEpochMilli(),
                ErasureOrigin.ERASURE_REQUEST);
    }
}
