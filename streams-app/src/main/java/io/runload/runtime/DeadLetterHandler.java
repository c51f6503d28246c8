package io.runload.runtime;

import io.runload.metrics.RunLoadMetrics;
import io.runload.topology.DeadLetterHeaders;
import io.runload.topology.RejectedRecordException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes every record a processor rejects or fails on to the dead-letter topic, with the original
 * key and value bytes, and resumes. Kafka Streams sends these records through the task's producer,
 * so under exactly-once they commit atomically with the input offset: a bad record is never both
 * lost and skipped.
 */
public final class DeadLetterHandler implements ProcessingExceptionHandler {
    /** Config key (in the Streams properties) naming the dead-letter topic. */
    public static final String DLQ_TOPIC_CONFIG = "runload.dlq.topic";
    /** Config key holding the {@link RunLoadMetrics} instance (an object, not a string). */
    public static final String METRICS_CONFIG = "runload.metrics";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);

    private String topic;
    private RunLoadMetrics metrics;

    @Override
    public void configure(Map<String, ?> configs) {
        Object t = configs.get(DLQ_TOPIC_CONFIG);
        if (t == null) {
            throw new IllegalStateException(DLQ_TOPIC_CONFIG + " is not set");
        }
        topic = t.toString();
        Object m = configs.get(METRICS_CONFIG);
        metrics = m instanceof RunLoadMetrics rm ? rm : RunLoadMetrics.prometheus();
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        String reason;
        if (exception instanceof RejectedRecordException rejected) {
            reason = rejected.reason();
        } else {
            reason = "processing_error";
            LOG.warn(
                    "Processor {} failed on {}-{}@{}; record sent to {}",
                    context.processorNodeId(),
                    context.topic(),
                    context.partition(),
                    context.offset(),
                    topic,
                    exception);
        }
        metrics.deadLetter(InputNames.logical(context.topic()), reason);
        if ("late".equals(reason)) {
            metrics.lateRecord(InputNames.logical(context.topic()));
        }
        ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(
                topic,
                null,
                context.sourceRawKey(),
                context.sourceRawValue(),
                DeadLetterHeaders.describe(
                        context.headers(),
                        context.topic(),
                        context.partition(),
                        context.offset(),
                        context.processorNodeId(),
                        exception,
                        reason));
        return Response.resume(List.of(dead));
    }
}
