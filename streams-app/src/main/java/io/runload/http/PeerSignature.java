package io.runload.http;

import io.runload.secrets.WatchedSecretFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Proof that a relayed query comes from another RunLoad instance: an HMAC-SHA256, keyed with a
 * secret every instance shares, over the time, the copy asked for and the path and query. The
 * header value is {@code <epoch seconds>.<hex>}; it is accepted for {@link #MAX_SKEW} either side
 * of the receiver's clock, so a captured value can only replay the very same read, briefly (TLS
 * keeps it from being captured). The secret file is re-read when it changes ({@link
 * WatchedSecretFile}, like the key file); during a rotation both the old and the new secret are
 * accepted for a grace period.
 */
public final class PeerSignature {
    public static final String HEADER = "X-RunLoad-Peer-Signature";
    static final Duration MAX_SKEW = Duration.ofSeconds(60);
    private static final Duration RECHECK = Duration.ofSeconds(2);
    private static final HexFormat HEX = HexFormat.of();

    // The arrays are compared by MessageDigest.isEqual or identity, never by the record's equals.
    @SuppressWarnings("ArrayRecordComponent")
    private record Secrets(byte[] current, byte[] previous, Instant previousUntil) {}

    private final WatchedSecretFile<byte[]> file;
    private final Clock clock;
    private Secrets secrets;

    public PeerSignature(Path file, Clock clock) {
        this.file = new WatchedSecretFile<>("peer secret file", file, RECHECK, clock, PeerSignature::parse);
        this.clock = clock;
        this.secrets = new Secrets(this.file.value(), null, Instant.MIN);
    }

    /** The header value for a relay of {@code pathAndQuery} asking for {@code copy}. */
    public String sign(String copy, String pathAndQuery) {
        long now = clock.instant().getEpochSecond();
        return now + "." + HEX.formatHex(mac(current().current, now, copy, pathAndQuery));
    }

    /** Whether {@code header} proves the request came from a peer holding the secret. */
    public boolean verify(String header, String copy, String pathAndQuery) {
        if (header == null || copy == null) {
            return false;
        }
        int dot = header.indexOf('.');
        if (dot <= 0 || header.length() - dot - 1 != 64) {
            return false;
        }
        long at;
        byte[] presented;
        try {
            at = Long.parseLong(header.substring(0, dot));
            presented = HEX.parseHex(header, dot + 1, header.length());
        } catch (IllegalArgumentException e) {
            return false;
        }
        Instant now = clock.instant();
        if (Math.abs(now.getEpochSecond() - at) > MAX_SKEW.toSeconds()) {
            return false;
        }
        Secrets s = current();
        boolean ok = MessageDigest.isEqual(mac(s.current, at, copy, pathAndQuery), presented);
        if (s.previous != null && now.isBefore(s.previousUntil)) {
            ok |= MessageDigest.isEqual(mac(s.previous, at, copy, pathAndQuery), presented);
        }
        return ok;
    }

    // Under this lock the file's values arrive in the order they were read, so a caller holding an
    // older value can never turn the newer secret back into the previous one.
    private synchronized Secrets current() {
        byte[] fresh = file.value();
        Secrets s = secrets;
        // The watched file hands out the same array until it reads the file again.
        if (fresh != s.current) {
            // Instances pick up the new secret at different moments: keep the old one valid meanwhile.
            s = new Secrets(fresh, s.current, clock.instant().plus(MAX_SKEW.multipliedBy(2)));
            secrets = s;
        }
        return s;
    }

    private static byte[] parse(String text) {
        byte[] secret = text.strip().getBytes(StandardCharsets.UTF_8);
        if (secret.length < 16) {
            throw new IllegalArgumentException("the peer secret is shorter than 16 bytes");
        }
        return secret;
    }

    private static byte[] mac(byte[] secret, long epochSecond, String copy, String pathAndQuery) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal((epochSecond + "\n" + copy + "\n" + pathAndQuery).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
