package io.runload.ingest;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** What the TCX and GPX readers share: a hardened StAX reader and the timestamp and number rules. */
final class ActivityXml {
    private ActivityXml() {
    }

    /** Activity files come from anywhere: no DTDs and no external entities (XXE), namespace-aware. */
    static XMLStreamReader reader(byte[] content) throws UnreadableActivityException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        try {
            return factory.createXMLStreamReader(new ByteArrayInputStream(content));
        } catch (XMLStreamException e) {
            throw malformed(e);
        }
    }

    static UnreadableActivityException malformed(XMLStreamException e) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNumber();
        String message = e.getMessage() == null ? "" : e.getMessage().replaceAll("\\s+", " ").replaceFirst("^ParseError at \\[[^]]*]: ?(Message: )?", "");
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
