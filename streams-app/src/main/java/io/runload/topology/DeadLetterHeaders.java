package io.runload.topology;

import io.runload.serde.RegistryUrl;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Header names on dead-letter records; replay tooling reads these to find the record's origin. */
public final class DeadLetterHeaders {
    public static final String SOURCE_TOPIC = "runload.dlq.source.topic";
    public static final String SOURCE_PARTITION = "runload.dlq.source.partition";
    public static final String SOURCE_OFFSET = "runload.dlq.source.offset";
    public static final String ERROR_CLASS = "runload.dlq.error.class";
    public static final String REASON = "runload.dlq.reason";
    public static final String MESSAGE = "runload.dlq.message";
    public static final String PROCESSOR = "runload.dlq.processor";

    private DeadLetterHeaders() {}

    /** The original headers plus the dead-letter ones (original headers are kept for replay). */
    public static Headers describe(
            Headers original,
            String topic,
            int partition,
            long offset,
            String processor,
            Throwable error,
            String reason) {
        RecordHeaders headers = new RecordHeaders();
        if (original != null) {
            original.forEach(h -> {
                if (!h.key().startsWith("runload.dlq.")) {
                    headers.add(h);
                }
            });
        }
        put(headers, SOURCE_TOPIC, topic);
        put(headers, SOURCE_PARTITION, Integer.toString(partition));
        put(headers, SOURCE_OFFSET, Long.toString(offset));
        put(headers, PROCESSOR, processor);
        put(headers, ERROR_CLASS, error.getClass().getName());
        put(headers, REASON, reason);
        // Registry URLs in messages may carry user:password; the DLQ is readable by more people than the config.
        String message = error.getMessage() == null ? "" : RegistryUrl.redact(error.getMessage());
        put(headers, MESSAGE, message.length() > 1000 ? message.substring(0, 1000) : message);
        return headers;
    }

    public static String text(Headers headers, String name) {
        var h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String key, String value) {
        headers.add(key, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }
}
