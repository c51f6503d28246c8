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
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * What the TCX and GPX readers share: a hardened StAX reader, one walk over its elements, and the
 * timestamp and number rules.
 */
final class ActivityXml {
    private ActivityXml() {}

    /** Far deeper than any TCX or GPX file nests; the element path is kept in memory. */
    static final int MAX_DEPTH = 64;

    /** What a format's reader does with the elements of one document as {@link #walk} passes them. */
    interface ElementVisitor {
        /** An element opens; {@code xml} stands on its start tag, so its attributes can be read. */
        void start(String name, XMLStreamReader xml) throws UnreadableActivityException;

        /**
         * An element closes. {@code parent} is the enclosing element's local name (null for the root);
         * {@code value} is the character data since the last tag, which for a leaf element is its
         * value; {@code xml} stands on the end tag, so its namespace can be read.
         */
        void end(String name, String parent, String value, XMLStreamReader xml) throws UnreadableActivityException;
    }

    /**
     * Walks a document, elements matched by local name, after checking that it is the format's:
     * its root element is {@code root}, and it nests no deeper than {@link #MAX_DEPTH}.
     */
    static void walk(byte[] content, ActivityFormat format, String root, ElementVisitor visitor)
            throws UnreadableActivityException {
        XMLStreamReader xml = reader(content);
        Deque<String> path = new ArrayDeque<>();
        StringBuilder text = new StringBuilder();
        boolean sawRoot = false;
        try {
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String name = xml.getLocalName();
                    // The visitor sees the element before the structural checks, so that a file past
                    // an ActivityLimits count is refused for that, whatever else is wrong with it.
                    visitor.start(name, xml);
                    if (path.size() >= MAX_DEPTH) {
                        throw new UnreadableActivityException("XML nests deeper than " + MAX_DEPTH + " elements");
                    }
                    if (path.isEmpty()) {
                        if (!name.equals(root)) {
                            throw new UnreadableActivityException(
                                    "not a " + format + " file: root element <" + name + ">");
                        }
                        sawRoot = true;
                    }
                    path.push(name);
                    text.setLength(0);
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                    text.append(xml.getText());
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    String name = path.pop();
                    String parent = path.peek();
                    String value = text.toString();
                    text.setLength(0);
                    visitor.end(name, parent, value, xml);
                }
            }
        } catch (XMLStreamException e) {
            throw malformed(e);
        }
        if (!sawRoot) {
            throw new UnreadableActivityException("not a " + format + " file: no root element");
        }
    }

    /**
     * Activity files come from anywhere: no DTDs and no external entities (XXE), namespace-aware.
     * The bytes are decoded here rather than by the JDK parser, because its decoder prints a
     * {@code [Fatal Error]} line to stderr on an invalid byte before it throws; a decoder that
     * reports malformed input makes that one more exception, with nothing printed.
     */
    private static XMLStreamReader reader(byte[] content) throws UnreadableActivityException {
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

    private static UnreadableActivityException malformed(XMLStreamException e) {
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
        long utc = utcMillis(t);
        if (utc != NOT_PLAIN_UTC) {
            return utc;
        }
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

    private static final long NOT_PLAIN_UTC = Long.MIN_VALUE;

    /**
     * The form nearly every TCX and GPX point has, {@code 2024-03-01T07:00:05Z} or
     * {@code 2024-03-01T07:00:05.250Z} (or no zone, meaning UTC), read digit by digit: the JDK's
     * general parsers took about a third of an import's parsing time on it. Anything else, or a
     * field out of range, returns {@link #NOT_PLAIN_UTC} and goes to the general parsers, which
     * give the same answer on what this accepts and decide everything this does not.
     */
    static long utcMillis(String t) {
        int n = t.length();
        if (n < 19
                || t.charAt(4) != '-'
                || t.charAt(7) != '-'
                || t.charAt(10) != 'T'
                || t.charAt(13) != ':'
                || t.charAt(16) != ':') {
            return NOT_PLAIN_UTC;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) {
            return NOT_PLAIN_UTC;
        }
        if (day > 28 && day > Month.of(month).length(Year.isLeap(year))) {
            return NOT_PLAIN_UTC;
        }
        int i = 19;
        int millis = 0;
        if (i < n && t.charAt(i) == '.') {
            int fractionDigits = 0;
            int scale = 100;
            i++;
            while (i < n && isDigit(t.charAt(i))) {
                // Digits past the third are below a millisecond; toEpochMilli drops them as well.
                if (fractionDigits < 3) {
                    millis += (t.charAt(i) - '0') * scale;
                    scale /= 10;
                }
                fractionDigits++;
                i++;
            }
            if (fractionDigits == 0 || fractionDigits > 9) {
                return NOT_PLAIN_UTC;
            }
        }
        if (i < n && t.charAt(i) == 'Z') {
            i++;
        }
        if (i != n) {
            return NOT_PLAIN_UTC;
        }
        long seconds = LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3_600L + minute * 60L + second;
        return seconds * 1000 + millis;
    }

    /** The non-negative number written by {@code count} ASCII digits at {@code from}, else -1. */
    private static int digits(String t, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = t.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
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
