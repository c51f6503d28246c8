package io.runload.activity;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** The activity file formats RunLoad reads, recognised by content rather than by file name. */
public enum ActivityFormat {
    FIT,
    TCX,
    GPX;

    /** How much of the start of an XML file is searched for its root element. */
    private static final int XML_SNIFF_BYTES = 4096;

    /**
     * The format of {@code content}: FIT by the ".FIT" signature of its header, TCX and GPX by their
     * root element. A wrong extension is common in exported archives, so the name is not trusted.
     */
    public static Optional<ActivityFormat> detect(byte[] content) {
        if (content.length >= 12
                && content[8] == '.'
                && content[9] == 'F'
                && content[10] == 'I'
                && content[11] == 'T') {
            return Optional.of(FIT);
        }
        String head = new String(content, 0, Math.min(content.length, XML_SNIFF_BYTES), StandardCharsets.UTF_8);
        if (head.contains("<TrainingCenterDatabase")) {
            return Optional.of(TCX);
        }
        if (head.contains("<gpx")) {
            return Optional.of(GPX);
        }
        return Optional.empty();
    }

    /** The format a file name suggests, used to pick files out of a directory and to explain failures. */
    public static Optional<ActivityFormat> byExtension(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (ActivityFormat format : values()) {
            if (lower.endsWith("." + format.name().toLowerCase(Locale.ROOT))) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
