package io.runload.http;

import java.util.Optional;

/**
 * Who may read athlete data, decided per request from its headers.
 *
 * <p>With {@link HttpServerSettings.AuthMode#KEYS}, a request needs {@code Authorization: Bearer <credential>}:
 * a key of the key file, or a JWT that {@link JwtVerifier} accepts; or a valid {@link PeerSignature}
 * (a relay from another instance).
 * {@link PeerQueryClient#FORWARDED_HEADER} is honoured only on a signed relay; on any other request
 * it is ignored, so a client cannot force a read of a local or standby copy. With
 * {@link HttpServerSettings.AuthMode#NONE} nothing is checked, and without a peer secret the
 * forwarded header is honoured from anyone: that mode is for loopback, or for a network the
 * operator has closed some other way.
 */
public final class ApiAccess {
    /**
     * What the access check decided for one request.
     *
     * @param allowed        whether the request may read athlete data
     * @param forwardedCopy  the copy a trusted relay asks for ({@code active} or {@code standby}), or null
     * @param credentialSent whether the request carried a credential (a refused one gets {@code invalid_token})
     */
    public record Decision(boolean allowed, String forwardedCopy, boolean credentialSent) {}

    private final HttpServerSettings.AuthMode mode;
    private final Optional<ApiKeyFile> keys;
    private final Optional<PeerSignature> peers;
    private final Optional<JwtVerifier> jwts;

    public ApiAccess(HttpServerSettings.AuthMode mode, Optional<ApiKeyFile> keys, Optional<PeerSignature> peers) {
        this(mode, keys, Optional.empty(), peers);
    }

    public ApiAccess(
            HttpServerSettings.AuthMode mode,
            Optional<ApiKeyFile> keys,
            Optional<JwtVerifier> jwts,
            Optional<PeerSignature> peers) {
        if (mode == HttpServerSettings.AuthMode.KEYS && keys.isEmpty() && jwts.isEmpty()) {
            throw new IllegalArgumentException("authentication needs an API key file or a JWKS URL");
        }
        this.mode = mode;
        this.keys = keys;
        this.jwts = jwts;
        this.peers = peers;
    }

    public static ApiAccess open() {
        return new ApiAccess(HttpServerSettings.AuthMode.NONE, Optional.empty(), Optional.empty());
    }

    public Optional<PeerSignature> peers() {
        return peers;
    }

    public Decision check(String authorization, String forwarded, String peerSignature, String pathAndQuery) {
        boolean trustedRelay;
        if (peers.isPresent()) {
            trustedRelay = forwarded != null && peers.get().verify(peerSignature, forwarded, pathAndQuery);
        } else {
            trustedRelay = forwarded != null && !mode.requiresCredential();
        }
        String copy = trustedRelay ? forwarded : null;
        if (!mode.requiresCredential() || trustedRelay) {
            return new Decision(true, copy, authorization != null);
        }
        String token = bearer(authorization);
        boolean ok = false;
        if (token != null) {
            ok = keys.isPresent() && keys.get().nameOf(token).isPresent();
            if (!ok && jwts.isPresent() && JwtVerifier.looksLikeJwt(token)) {
                ok = jwts.get().subjectOf(token).isPresent();
            }
        }
        return new Decision(ok, null, authorization != null);
    }

    private static String bearer(String authorization) {
        if (authorization == null
                || authorization.length() < 8
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).strip();
        return token.isEmpty() ? null : token;
    }
}
