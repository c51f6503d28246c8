package io.runload.http;

import io.runload.metrics.RunLoadMetrics;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every route, matched exactly: management routes on the management listener (or on the API
 * listener when there is no separate one), the query API and the dashboard's files on the API
 * listener. Anything else is 404; a method other than GET or HEAD on a route is 405.
 */
final class RunLoadRoutes extends Handler.Abstract {
    static final Set<String> MANAGEMENT_PATHS = Set.of("/metrics", "/health/live", "/health/ready");
    private static final String JSON = ApiResponse.JSON;
    private static final Logger LOG = LoggerFactory.getLogger(RunLoadRoutes.class);

    private final RunLoadMetrics metrics;
    private final Supplier<KafkaStreams.State> streamsState;
    private final Optional<ApiRoutes> queries;
    private final DashboardAssets assets;
    private final boolean separateManagement;
    private final Semaphore queryPermits;

    RunLoadRoutes(
            RunLoadMetrics metrics,
            Supplier<KafkaStreams.State> streamsState,
            Optional<ApiRoutes> queries,
            DashboardAssets assets,
            boolean separateManagement,
            Semaphore queryPermits) {
        this.metrics = metrics;
        this.streamsState = streamsState;
        this.queries = queries;
        this.assets = assets;
        this.separateManagement = separateManagement;
        this.queryPermits = queryPermits;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        RunLoadHttpServer.securityHeaders(response);
        String listener = request.getConnectionMetaData().getConnector().getName();
        boolean onApi = RunLoadHttpServer.API.equals(listener);
        boolean onManagement = RunLoadHttpServer.MANAGEMENT.equals(listener) || (onApi && !separateManagement);
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        try {
            if (onManagement && MANAGEMENT_PATHS.contains(path)) {
                if (allowed(method, request, response, callback)) {
                    management(path, request, response, callback);
                }
            } else if (onApi && queries.isPresent() && isQueryPath(path)) {
                if (allowed(method, request, response, callback)) {
                    query(queries.get(), path, request, response, callback);
                }
            } else if (onApi && assets.find(path).isPresent()) {
                if (allowed(method, request, response, callback)) {
                    DashboardAssets.Asset asset = assets.find(path).get();
                    response.getHeaders().put(HttpHeader.CACHE_CONTROL, asset.cacheControl());
                    RunLoadHttpServer.respond(request, response, callback, 200, asset.contentType(), asset.body());
                }
            } else {
                error(request, response, callback, 404, "not_found", "no such resource");
            }
        } catch (RuntimeException e) {
            // Neither the path nor the query goes to the log: they name athletes.
            LOG.warn("HTTP {} failed: {}", method, e.toString());
            LOG.debug("HTTP {} failure", method, e);
            if (!response.isCommitted()) {
                error(request, response, callback, 500, "internal_error", "internal error");
            } else {
                callback.failed(e);
            }
        }
        return true;
    }

    static boolean isQueryPath(String path) {
        return path.equals(AthleteQueryApi.PATH) || path.startsWith(AthleteQueryApi.PATH + "/");
    }

    private static boolean allowed(String method, Request request, Response response, Callback callback) {
        if ("GET".equals(method) || "HEAD".equals(method)) {
            return true;
        }
        response.getHeaders().put(HttpHeader.ALLOW, RunLoadHttpServer.ALLOW);
        error(request, response, callback, 405, "method_not_allowed", "only GET and HEAD are supported");
        return false;
    }

    private void management(String path, Request request, Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (path.equals("/metrics")) {
            RunLoadHttpServer.respond(
                    request, response, callback, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
            return;
        }
        KafkaStreams.State state = streamsState.get();
        if (path.equals("/health/live")) {
            // Live unless Streams has given up (ERROR): a restart is then the only cure.
            boolean live = state != KafkaStreams.State.ERROR;
            RunLoadHttpServer.respond(
                    request,
                    response,
                    callback,
                    live ? 200 : 503,
                    JSON,
                    "{\"status\":\"" + (live ? "UP" : "DOWN") + "\",\"streams\":\"" + state + "\"}");
        } else {
            boolean ready = state == KafkaStreams.State.RUNNING;
            RunLoadHttpServer.respond(
                    request,
                    response,
                    callback,
                    ready ? 200 : 503,
                    JSON,
                    "{\"status\":\"" + (ready ? "READY" : "NOT_READY") + "\",\"streams\":\"" + state + "\"}");
        }
    }

    private void query(ApiRoutes routes, String path, Request request, Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        String rawQuery = request.getHttpURI().getQuery();
        String pathAndQuery = path + (rawQuery == null ? "" : "?" + rawQuery);
        HttpFields headers = request.getHeaders();
        ApiAccess.Decision access = routes.access()
                .check(
                        headers.get(HttpHeader.AUTHORIZATION),
                        headers.get(PeerQueryClient.FORWARDED_HEADER),
                        headers.get(PeerSignature.HEADER),
                        pathAndQuery);
        if (!access.allowed()) {
            response.getHeaders()
                    .put(
                            HttpHeader.WWW_AUTHENTICATE,
                            access.credentialSent()
                                    ? "Bearer realm=\"runload\", error=\"invalid_token\""
                                    : "Bearer realm=\"runload\"");
            error(
                    request,
                    response,
                    callback,
                    401,
                    "unauthorized",
                    "a valid API key is required: Authorization: Bearer <key>");
            return;
        }
        if (!queryPermits.tryAcquire()) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(AthleteQueryApi.RETRY_AFTER_SECONDS));
            error(request, response, callback, 503, "busy", "too many queries in progress");
            return;
        }
        ApiResponse answer;
        try {
            answer = routes.api().answer(path, rawQuery, pathAndQuery, access.forwardedCopy());
        } finally {
            queryPermits.release();
        }
        if (answer.status() == 503) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(AthleteQueryApi.RETRY_AFTER_SECONDS));
        }
        if (answer.servedBy() != null) {
            response.getHeaders().put(PeerQueryClient.SERVED_BY_HEADER, answer.servedBy());
        }
        RunLoadHttpServer.respond(request, response, callback, answer.status(), answer.contentType(), answer.body());
    }

    private static void error(
            Request request, Response response, Callback callback, int status, String error, String detail) {
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        RunLoadHttpServer.respond(
                request, response, callback, status, JSON, ApiJson.write(new AthleteViews.ErrorView(error, detail)));
    }
}
