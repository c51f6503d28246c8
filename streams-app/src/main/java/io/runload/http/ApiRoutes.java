package io.runload.http;

/** The query API as the HTTP server serves it: what answers, and who may ask. */
public record ApiRoutes(AthleteQueryApi api, ApiAccess access) {}
