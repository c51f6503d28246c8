package io.runload.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer JWTs issued by the platform's identity provider: signed with a key from its JWKS URL
 * (fetched, cached and refreshed by Nimbus when an unknown key id shows up), from the configured
 * issuer, for the configured audience, and not expired (60 s clock skew). Only asymmetric
 * signatures (RSA, RSA-PSS, ECDSA) are accepted, so a token signed with the public key as an
 * HMAC secret, or with {@code alg: none}, is refused.
 */
public final class JwtVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(JwtVerifier.class);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /** The settings of JWT validation: all three are required together. */
    public record Settings(URI jwksUrl, String issuer, String audience) {}

    public JwtVerifier(Settings settings) {
        URL url;
        try {
            url = settings.jwksUrl().toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid JWKS URL " + settings.jwksUrl() + ": " + e.getMessage(), e);
        }
        // 2 s to connect and to read, at most 1 MB: a slow or hostile key server cannot hold request threads long.
        JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(
                        url, new DefaultResourceRetriever(2_000, 2_000, 1 << 20))
                .retrying(true)
                .build();
        Set<JWSAlgorithm> algorithms = new HashSet<>();
        algorithms.addAll(JWSAlgorithm.Family.RSA);
        algorithms.addAll(JWSAlgorithm.Family.EC);
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                settings.audience(),
                new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
                Set.of("iss", "aud", "exp")));
    }

    /** The token's subject (or "jwt" when it has none) if the token is valid, else empty. */
    public Optional<String> subjectOf(String token) {
        try {
            JWTClaimsSet claims = processor.process(token, null);
            return Optional.of(claims.getSubject() == null ? "jwt" : claims.getSubject());
        } catch (ParseException | BadJOSEException e) {
            return Optional.empty();
        } catch (JOSEException e) {
            // The key server could not be reached, or a key could not be used: not the client's fault, but no access
            // either.
            LOG.warn("JWT could not be checked: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** Whether {@code token} has the shape of a JWS (three dot-separated parts), as opposed to an API key. */
    static boolean looksLikeJwt(String token) {
        int first = token.indexOf('.');
        return first > 0
                && token.indexOf('.', first + 1) > first + 1
                && token.chars().filter(c -> c == '.').count() == 2;
    }
}
