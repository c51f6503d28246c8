package io.runload.http;

/** One answer of the query API, whether computed here or relayed from the instance that owns the key. */
public record ApiResponse(int status, String contentType, String body, String servedBy) {
    public static final String JSON = "application/json; charset=utf-8";

    public static ApiResponse json(int status, String body, String servedBy) {
        return new ApiResponse(status, JSON, body, servedBy);
    }

    public boolean isServerError() {
        return status >= 500;
    }
}
