package io.runload.topology;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

/** The whole RunLoad topology: validation, then the analytics built on the validated inputs. */
public final class RunLoadTopology {
    private RunLoadTopology() {}

    public static Topology build(TopologySettings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        build(builder, settings);
        return builder.build();
    }

    public static void build(StreamsBuilder builder, TopologySettings settings) {
        InputValidationTopology.ValidatedInputs inputs = InputValidationTopology.build(builder, settings);
        AnalyticsTopology.build(builder, inputs, settings);
    }
}
