package io.runload.domain;

import io.runload.avro.RunStatus;

/** A run whose ledger status (or content) changed, so its summary must be re-published. */
public record RunStatusChange(LedgerRun run, RunStatus status, String duplicateOf) {}
