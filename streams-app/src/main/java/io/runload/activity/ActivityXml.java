package io.runload.activity;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** What the TCX and GPX readers share: a hardened StAX reader and the timestamp and number rules. */
final class ActivityXml {
    private ActivityXml() {}

    /** Far deeper than any TCX or GPX file nests; the element path is kept in memory. */
    static final int MAX_DEPTH = 64;

    /**
     * Activity files come from anywhere: no DTDs and no external entities (XXE), namespace-aware.
     * The bytes are decoded here rather than by the JDK parser, because its decoder prints a
     * {@code [Fatal Error]} line to stderr on an invalid byte before it throws; a decoder that
     * reports malformed input makes that one more exception, with nothing printed.
     */
    static XMLStreamReader reader(byte[] content) throws UnreadableActivityException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        try {
            return factory.createXMLStreamReader(decoded(content));
        } catch (XMLStreamException e) {
            throw malformed(e);
        }
    }

    /**
     * The document as characters, in the encoding that XML's own rules give: a byte-order mark, else
     * the XML declaration's {@code encoding}, else UTF-8.
     */
    private static Reader decoded(byte[] content) throws UnreadableActivityException {
        int skip = 0;
        Charset charset;
        if (startsWith(content, 0xEF, 0xBB, 0xBF)) {
            charset = StandardCharsets.UTF_8;
            skip = 3;
        } else if (startsWith(content, 0xFE, 0xFF)) {
            charset = StandardCharsets.UTF_16BE;
            skip = 2;
        } else if (startsWith(content, 0xFF, 0xFE)) {
            charset = StandardCharsets.UTF_16LE;
            skip = 2;
        } else if (startsWith(content, 0x00, '<')) {
            charset = StandardCharsets.UTF_16BE;
        } else if (startsWith(content, '<', 0x00)) {
            charset = StandardCharsets.UTF_16LE;
        } else {
            charset = declaredEncoding(content);
        }
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new InputStreamReader(new ByteArrayInputStream(content, skip, content.length - skip), decoder);
    }

    private static final Pattern DECLARED_ENCODING =
            Pattern.compile("^<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z][A-Za-z0-9._-]{0,39})[\"']");

    private static Charset declaredEncoding(byte[] content) throws UnreadableActivityException {
        String head = new String(content, 0, Math.min(content.length, 256), StandardCharsets.ISO_8859_1);
        Matcher m = DECLARED_ENCODING.matcher(head);
        if (!m.find()) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(m.group(1));
        } catch (IllegalArgumentException e) {
            throw new UnreadableActivityException("malformed XML: unsupported encoding '" + m.group(1) + "'");
        }
    }

    private static boolean startsWith(byte[] content, int... prefix) {
        if (content.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((content[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static UnreadableActivityException malformed(XMLStreamException e) {
        String where =
                e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNumber();
        for (Throwable cause = e;
                cause != null;
                cause = cause.getCause() != null
                        ? cause.getCause()
                        : cause instanceof XMLStreamException x ? x.getNestedException() : null) {
            if (cause instanceof CharacterCodingException) {
                return new UnreadableActivityException(
                        "malformed XML" + where + ": bytes that are not valid in the file's encoding", e);
            }
        }
        String message = e.getMessage() == null
                ? ""
                : e.getMessage().replaceAll("\\s+", " ").replaceFirst("^ParseError at \\[[^]]*]: ?(Message: )?", "");
        return new UnreadableActivityException("malformed XML" + where + ": " + message, e);
    }

    /** ISO-8601 with an offset (the norm) or without one, which exporters mean as UTC. */
    static Long timeMillis(String text) {
        String t = text.trim();
        try {
            return OffsetDateTime.parse(t).toInstant().toEpochMilli();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    static Instant instant(String text) {
        Long millis = text == null ? null : timeMillis(text);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    static Double number(String text) {
        try {
            double value = Double.parseDouble(text.trim());
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Integer wholeNumber(String text) {
        Double value = number(text);
        return value == null ? null : (int) Math.round(value);
    }
}
