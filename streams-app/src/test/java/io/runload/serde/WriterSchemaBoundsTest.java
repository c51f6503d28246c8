package io.runload.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.runload.avro.AthleteAlert;
import io.runload.avro.AthleteProfile;
import io.runload.avro.HeartRateSample;
import io.runload.avro.RunEvent;
import io.runload.avro.RunSummary;
import io.runload.avro.WeeklyVolume;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class WriterSchemaBoundsTest {

    @Test
    void everyRunLoadSchemaIsWithinTheDefaultBounds() {
        for (Schema s : List.of(
                HeartRateSample.getClassSchema(),
                RunEvent.getClassSchema(),
                AthleteProfile.getClassSchema(),
                RunSummary.getClassSchema(),
                WeeklyVolume.getClassSchema(),
                AthleteAlert.getClassSchema())) {
            assertThat(WriterSchemaBounds.DEFAULT.violation(s))
                    .as(s.getFullName())
                    .isEmpty();
        }
    }

    @Test
    void aRecordThatContainsItselfIsRefusedEvenThroughArraysAndMaps() {
        Schema node = Schema.createRecord("Node", null, "t", false);
        node.setFields(List.of(new Schema.Field("children", Schema.createMap(Schema.createArray(node)))));
        assertThat(WriterSchemaBounds.DEFAULT.violation(node)).get().asString().contains("recursive");
    }

    @Test
    void nestingOneLevelPastTheLimitIsRefused() {
        // Records nested n deep: the innermost field's type sits at depth n.
        assertThat(new WriterSchemaBounds(4, 1000).violation(nested(4))).isEmpty();
        assertThat(new WriterSchemaBounds(4, 1000).violation(nested(5)))
                .get()
                .asString()
                .contains("deeper than 4");
    }

    @Test
    void aNamedTypeReusedOverAndOverCountsEachTimeItIsUsed() {
        // Each level has two fields of the level below: 9 small named types expand to 511 records + 512 ints.
        Schema level = Schema.create(Schema.Type.INT);
        for (int i = 0; i < 9; i++) {
            Schema next = Schema.createRecord("L" + i, null, "t", false);
            next.setFields(List.of(new Schema.Field("a", level), new Schema.Field("b", level)));
            level = next;
        }
        assertThat(WriterSchemaBounds.DEFAULT.violation(level)).isEmpty();
        Schema wider = Schema.createRecord("Top", null, "t", false);
        wider.setFields(List.of(new Schema.Field("a", level), new Schema.Field("b", level)));
        // One more level: 1023 records + 1024 ints = 2047 nodes > 2000.
        assertThat(WriterSchemaBounds.DEFAULT.violation(wider)).get().asString().contains("more than 2000");
    }

    private static Schema nested(int depth) {
        Schema inner = Schema.create(Schema.Type.STRING);
        for (int i = 0; i < depth; i++) {
            Schema r = Schema.createRecord("R" + i, null, "t", false);
            List<Schema.Field> fields = new ArrayList<>();
            fields.add(new Schema.Field("f", inner));
            r.setFields(fields);
            inner = r;
        }
        return inner;
    }
}
