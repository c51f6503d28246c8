package io.runload.http;

import io.runload.domain.FormOutlook;
import io.runload.domain.WeekCalendar;
import io.runload.http.AthleteViews.AthleteList;
import io.runload.http.AthleteViews.ErrorView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interactive-query API under {@code /api/athletes}. A request for an athlete is answered by
 * the instance that owns the athlete's partition: here if that is this instance, otherwise
 * relayed over HTTP; when the owner cannot answer, the standbys are tried in turn (their answer
 * may lag by the changelog's replication delay). Relays together take at most the request
 * timeout; HTTP itself (methods, credentials) is {@link RunLoadRoutes}' business.
 */
public final class AthleteQueryApi {
    public static final String PATH = "/api/athletes";
    /** Seconds a client should wait before retrying a 503; a rebalance usually settles within a few. */
    static final int RETRY_AFTER_SECONDS = 2;

    private static final int MAX_ID_LENGTH = 128;
    private static final Logger LOG = LoggerFactory.getLogger(AthleteQueryApi.class);

    private final AthleteStateReader stores;
    private final StoreOwnership ownership;
    private final HostInfo self;
    private final PeerQueryClient peers;
    private final Duration requestTimeout;

    /**
     * @param self this instance's {@code application.server}, or {@link HostInfo#unavailable()}
     *             when it runs alone without one
     */
    public AthleteQueryApi(AthleteStateReader stores, StoreOwnership ownership, HostInfo self, PeerQueryClient peers) {
        this(stores, ownership, self, peers, Duration.ofSeconds(10));
    }

    /** @param requestTimeout the longest one query may take, all relays to peers included */
    public AthleteQueryApi(
            AthleteStateReader stores,
            StoreOwnership ownership,
            HostInfo self,
            PeerQueryClient peers,
            Duration requestTimeout) {
        this.stores = stores;
        this.ownership = ownership;
        this.self = self;
        this.peers = peers;
        this.requestTimeout = requestTimeout;
    }

    /** Widest form values a band or threshold may name: well beyond any TSB a human reaches. */
    static final double MAX_FORM_MAGNITUDE = 300;

    private static final Pattern ISO_WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");

    /**
     * The resources of one athlete, with their size parameter and its bounds. {@code RUN} and
     * {@code WEEK} are one item under {@code runs/} and {@code weeks/}; they and {@code GUIDANCE}
     * have no size.
     */
    enum Resource {
        WEEKLY_VOLUME("weekly-volume", "weeks", 12, 104),
        LOAD("load", "days", 42, 56),
        ALERTS("alerts", "limit", 50, 500),
        RUNS("runs", "limit", 20, 500),
        GUIDANCE("guidance", null, 0, 0),
        RUN("runs/{runId}", null, 0, 0),
        WEEK("weeks/{isoWeek}", null, 0, 0);

        final String path;
        final String sizeParam;
        final int defaultSize;
        final int maxSize;

        Resource(String path, String sizeParam, int defaultSize, int maxSize) {
            this.path = path;
            this.sizeParam = sizeParam;
            this.defaultSize = defaultSize;
            this.maxSize = maxSize;
        }

        static Optional<Resource> byPath(String path) {
            for (Resource r : values()) {
                if (r.path.equals(path)) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * @param runId the run of {@link Resource#RUN}, else null
     * @param isoMonday the Monday of the ISO week of {@link Resource#WEEK}, else null
     * @param band and {@code recoveredTsb}: the form targets of {@link Resource#GUIDANCE}
     */
    record AthleteQuery(
            String athleteId,
            Resource resource,
            int size,
            String runId,
            LocalDate isoMonday,
            FormOutlook.Band band,
            double recoveredTsb) {
        AthleteQuery(String athleteId, Resource resource, int size) {
            this(athleteId, resource, size, null, null, FormOutlook.DEFAULT_BAND, FormOutlook.DEFAULT_RECOVERED_TSB);
        }
    }

    /** A request the API refuses before touching any store. */
    static final class RequestProblem extends Exception {
        final int status;
        final String error;

        RequestProblem(int status, String error, String detail) {
            super(detail);
            this.status = status;
            this.error = error;
        }
    }

    /**
     * The answer to one query API request, read locally or relayed to the instance that owns the athlete.
     *
     * @param forwarded the copy a trusted relay asks for ({@code active} or {@code standby}), or null
     *                  for a client's request, which is routed to the owner
     */
    public ApiResponse answer(String rawPath, String rawQuery, String pathAndQuery, String forwarded) {
        String rest = rawPath.substring(Math.min(rawPath.length(), PATH.length()));
        if (rest.isEmpty() || rest.equals("/")) {
            return athletes(forwarded != null);
        }
        AthleteQuery query;
        try {
            query = parse(rest, rawQuery);
        } catch (RequestProblem p) {
            return error(p.status, p.error, p.getMessage());
        }
        if (self.port() < 0) {
            // No application.server: Streams publishes no ownership and peers could not be reached
            // anyway, so this is a lone instance and its active tasks hold every athlete.
            return answerLocally(query, null, false);
        }
        KeyQueryMetadata owner;
        try {
            owner = ownership.ownerOf(query.athleteId());
        } catch (RuntimeException e) {
            return unavailable("partition ownership is not known yet: " + e.getMessage());
        }
        if (owner == null || owner.partition() < 0) {
            return unavailable("partition ownership is not known yet");
        }
        if (forwarded != null) {
            // Relayed by a peer: answer from this instance's copy, whatever its view of ownership.
            return answerLocally(query, owner.partition(), "standby".equals(forwarded));
        }
        return route(query, owner, pathAndQuery);
    }

    private ApiResponse route(AthleteQuery query, KeyQueryMetadata owner, String pathAndQuery) {
        List<HostInfo> candidates = new ArrayList<>();
        candidates.add(owner.activeHost());
        owner.standbyHosts().stream()
                .sorted((a, b) -> (a.host() + ":" + a.port()).compareTo(b.host() + ":" + b.port()))
                .forEach(candidates::add);
        ApiResponse failure = unavailable("no instance holding athlete " + query.athleteId() + " could answer");
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        for (int i = 0; i < candidates.size(); i++) {
            HostInfo host = candidates.get(i);
            boolean standby = i > 0;
            ApiResponse response;
            if (host.equals(self)) {
                response = answerLocally(query, owner.partition(), standby);
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return unavailable("no instance answered within " + requestTimeout.toMillis() + " ms");
                }
                response = relay(host, pathAndQuery, standby, Duration.ofNanos(left));
            }
            if (!response.isServerError()) {
                return response;
            }
            failure = response;
        }
        return failure;
    }

    private ApiResponse relay(HostInfo host, String pathAndQuery, boolean standby, Duration timeout) {
        if (host.port() <= 0) {
            return unavailable("the owning instance has no application.server to relay to");
        }
        try {
            return peers.get(host, pathAndQuery, standby ? "standby" : "active", timeout);
        } catch (IOException e) {
            LOG.debug("Relaying {} to {}:{} failed", pathAndQuery, host.host(), host.port(), e);
            return unavailable("instance " + host.host() + ":" + host.port() + " is unreachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("interrupted while relaying");
        }
    }

    private ApiResponse answerLocally(AthleteQuery query, Integer partition, boolean stale) {
        AthleteStateReader.Scope scope = new AthleteStateReader.Scope(partition, stale);
        String id = query.athleteId();
        try {
            Optional<?> view = switch (query.resource()) {
                case WEEKLY_VOLUME -> stores.weeklyVolume(id, query.size(), scope);
                case LOAD -> stores.load(id, query.size(), scope);
                case ALERTS -> stores.alerts(id, query.size(), scope);
                case RUNS -> stores.runs(id, query.size(), scope);
                case GUIDANCE -> stores.guidance(id, query.band(), query.recoveredTsb(), scope);
                case RUN -> stores.runExplanation(id, query.runId(), scope);
                case WEEK -> stores.weekExplanation(id, query.isoMonday(), scope);
            };
            if (view.isEmpty()) {
                return switch (query.resource()) {
                    case RUN -> error(404, "unknown_run", "no run " + query.runId() + " for athlete " + id);
                    case WEEK ->
                        error(
                                404,
                                "unknown_week",
                                "no figures or runs in week " + WeekCalendar.isoWeekLabel(query.isoMonday())
                                        + " for athlete " + id);
                    default -> error(404, "unknown_athlete", "no data for athlete " + id);
                };
            }
            return ApiResponse.json(200, ApiJson.write(view.get()), selfName());
        } catch (StoreUnavailableException e) {
            return unavailable(e.getMessage());
        }
    }

    /** Every athlete with training data, gathered from each instance's active stores. */
    private ApiResponse athletes(boolean localOnly) {
        TreeSet<String> ids;
        try {
            ids = new TreeSet<>(stores.athletes());
        } catch (StoreUnavailableException e) {
            return unavailable(e.getMessage());
        }
        boolean complete = true;
        if (!localOnly) {
            long deadline = System.nanoTime() + requestTimeout.toNanos();
            for (HostInfo host : ownership.hostsWithStores()) {
                if (host.equals(self)) {
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    complete = false;
                    break;
                }
                ApiResponse peer = relay(host, PATH, false, Duration.ofNanos(left));
                if (peer.status() != 200) {
                    complete = false;
                    continue;
                }
                try {
                    AthleteList list = ApiJson.MAPPER.readValue(peer.body(), AthleteList.class);
                    ids.addAll(list.athletes());
                    complete &= list.complete();
                } catch (IOException e) {
                    complete = false;
                }
            }
        }
        return ApiResponse.json(200, ApiJson.write(new AthleteList(List.copyOf(ids), complete)), selfName());
    }

    static AthleteQuery parse(String rest, String rawQuery) throws RequestProblem {
        String[] parts = rest.substring(1).split("/", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty()) {
            throw new RequestProblem(
                    404,
                    "not_found",
                    "expected /api/athletes/{id}/(weekly-volume|load|alerts|runs|guidance|runs/{runId}|weeks/{isoWeek})");
        }
        String athleteId = decode(parts[0]);
        if (!validId(athleteId)) {
            throw new RequestProblem(
                    400,
                    "bad_athlete_id",
                    "athlete id must be 1-" + MAX_ID_LENGTH + " characters without control characters or '/'");
        }
        if (parts.length == 3) {
            return item(athleteId, parts[1], parts[2]);
        }
        Resource resource = Resource.byPath(parts[1])
                .filter(r -> r != Resource.RUN && r != Resource.WEEK)
                .orElseThrow(() -> new RequestProblem(
                        404,
                        "not_found",
                        "unknown resource '" + parts[1] + "'; expected weekly-volume, load, alerts, runs or guidance"));
        Map<String, String> params = queryParams(rawQuery);
        if (resource == Resource.GUIDANCE) {
            return guidance(athleteId, params);
        }
        int size = resource.defaultSize;
        String value = params.get(resource.sizeParam);
        if (value != null) {
            try {
                size = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > resource.maxSize) {
                throw new RequestProblem(
                        400,
                        "bad_parameter",
                        resource.sizeParam + " must be an integer from 1 to " + resource.maxSize + ", got '" + value
                                + "'");
            }
        }
        return new AthleteQuery(athleteId, resource, size);
    }

    private static boolean validId(String id) {
        return !id.isEmpty()
                && id.length() <= MAX_ID_LENGTH
                && id.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == '/');
    }

    /** One run ({@code runs/{runId}}) or one ISO week ({@code weeks/2026-W47}). */
    private static AthleteQuery item(String athleteId, String collection, String rawKey) throws RequestProblem {
        String key = decode(rawKey);
        if (collection.equals("runs")) {
            if (!validId(key)) {
                throw new RequestProblem(
                        400,
                        "bad_run_id",
                        "run id must be 1-" + MAX_ID_LENGTH + " characters without control characters or '/'");
            }
            return new AthleteQuery(
                    athleteId, Resource.RUN, 0, key, null, FormOutlook.DEFAULT_BAND, FormOutlook.DEFAULT_RECOVERED_TSB);
        }
        if (collection.equals("weeks")) {
            return new AthleteQuery(
                    athleteId,
                    Resource.WEEK,
                    0,
                    null,
                    isoMonday(key),
                    FormOutlook.DEFAULT_BAND,
                    FormOutlook.DEFAULT_RECOVERED_TSB);
        }
        throw new RequestProblem(404, "not_found", "expected runs/{runId} or weeks/{isoWeek}");
    }

    /** The Monday of an ISO week such as {@code 2026-W47}; week 53 only in years that have one. */
    static LocalDate isoMonday(String label) throws RequestProblem {
        Matcher m = ISO_WEEK.matcher(label);
        RequestProblem bad = new RequestProblem(400, "bad_week", "week must be an ISO week such as 2026-W47");
        if (!m.matches()) {
            throw bad;
        }
        int year = Integer.parseInt(m.group(1));
        int week = Integer.parseInt(m.group(2));
        // 4 January is always in week 1 of its week-based year.
        LocalDate anchor = LocalDate.of(year, 1, 4);
        if (year < 1
                || !IsoFields.WEEK_OF_WEEK_BASED_YEAR.rangeRefinedBy(anchor).isValidIntValue(week)) {
            throw bad;
        }
        return anchor.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week).with(DayOfWeek.MONDAY);
    }

    private static AthleteQuery guidance(String athleteId, Map<String, String> params) throws RequestProblem {
        double low = formParam(params, "formLow", FormOutlook.DEFAULT_BAND.low());
        double high = formParam(params, "formHigh", FormOutlook.DEFAULT_BAND.high());
        double recovered = formParam(params, "recoveredTsb", FormOutlook.DEFAULT_RECOVERED_TSB);
        if (low >= high) {
            throw new RequestProblem(400, "bad_parameter", "formLow must be below formHigh");
        }
        return new AthleteQuery(
                athleteId, Resource.GUIDANCE, 0, null, null, new FormOutlook.Band(low, high), recovered);
    }

    private static double formParam(Map<String, String> params, String name, double fallback) throws RequestProblem {
        String value = params.get(name);
        if (value == null) {
            return fallback;
        }
        double parsed;
        try {
            parsed = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            parsed = Double.NaN;
        }
        if (!Double.isFinite(parsed) || Math.abs(parsed) > MAX_FORM_MAGNITUDE) {
            throw new RequestProblem(
                    400,
                    "bad_parameter",
                    name + " must be a number from -" + (int) MAX_FORM_MAGNITUDE + " to " + (int) MAX_FORM_MAGNITUDE
                            + ", got '" + value + "'");
        }
        return parsed;
    }

    private static Map<String, String> queryParams(String rawQuery) throws RequestProblem {
        Map<String, String> params = new java.util.HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.putIfAbsent(name, value);
        }
        return params;
    }

    private static String decode(String raw) throws RequestProblem {
        try {
            // URLDecoder reads '+' as a space, which a path segment does not mean; keep it literal.
            return java.net.URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new RequestProblem(400, "bad_encoding", "malformed percent-encoding in '" + raw + "'");
        }
    }

    private ApiResponse unavailable(String detail) {
        return error(503, "unavailable", detail);
    }

    private ApiResponse error(int status, String error, String detail) {
        return ApiResponse.json(status, ApiJson.write(new ErrorView(error, detail)), selfName());
    }

    private String selfName() {
        return self.port() < 0 ? "local" : self.host() + ":" + self.port();
    }
}
