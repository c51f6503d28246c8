package io.runload.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.runload.avro.AthleteAlert;
import io.runload.avro.HeartRateSample;
import io.runload.avro.RunEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void idsStartAtOneGrowByOneAndAreGlobalAcrossSubjects() {
        assertThat(registry.register("hr-value", HeartRateSample.getClassSchema()))
                .isEqualTo(1);
        assertThat(registry.register("runs-value", RunEvent.getClassSchema())).isEqualTo(2);
        assertThat(registry.register("hr-value", HeartRateSample.getClassSchema()))
                .isEqualTo(1);
        // Same schema under another subject: same id, as in Confluent's registry.
        assertThat(registry.register("hr-copy-value", HeartRateSample.getClassSchema()))
                .isEqualTo(1);
        // An equal schema parsed from text is the same schema.
        Schema reparsed = new Schema.Parser().parse(RunEvent.getClassSchema().toString());
        assertThat(registry.register("runs-value", reparsed)).isEqualTo(2);

        assertThat(registry.schemaById(2)).isEqualTo(RunEvent.getClassSchema());
        assertThat(registry.versions("hr-value")).containsExactly(1);
    }

    @Test
    void lookupOnlyFindsSchemasRegisteredUnderThatSubject() {
        registry.register("hr-value", HeartRateSample.getClassSchema());
        registry.register("alerts-value", AthleteAlert.getClassSchema());

        assertThat(registry.lookupId("hr-value", HeartRateSample.getClassSchema()))
                .isEqualTo(1);
        SchemaRegistryException otherSubject = catchThrowableOfType(
                SchemaRegistryException.class, () -> registry.lookupId("hr-value", AthleteAlert.getClassSchema()));
        assertThat(otherSubject.errorCode()).isEqualTo(40403);
        SchemaRegistryException noSubject = catchThrowableOfType(
                SchemaRegistryException.class, () -> registry.lookupId("nope-value", AthleteAlert.getClassSchema()));
        assertThat(noSubject.errorCode()).isEqualTo(40401);
        assertThat(noSubject.isNotFound()).isTrue();
    }

    @Test
    void unknownIdIsNotFoundWith40403() {
        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> registry.schemaById(7));
        assertThat(e.httpStatus()).isEqualTo(404);
        assertThat(e.errorCode()).isEqualTo(40403);
        assertThat(e).hasMessageContaining("7");
    }

    @Test
    void scopesAreSharedByNameAndIndependentOfEachOther() {
        InMemorySchemaRegistry a = InMemorySchemaRegistry.forScope("scope-test-a");
        assertThat(InMemorySchemaRegistry.forScope("scope-test-a")).isSameAs(a);
        assertThat(InMemorySchemaRegistry.forScope("scope-test-b")).isNotSameAs(a);
        InMemorySchemaRegistry.dropScope("scope-test-a");
        InMemorySchemaRegistry.dropScope("scope-test-b");
        assertThat(InMemorySchemaRegistry.forScope("scope-test-a")).isNotSameAs(a);
        InMemorySchemaRegistry.dropScope("scope-test-a");
    }

    @Test
    void concurrentRegistrationOfTheSameSchemaYieldsOneId() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String subject = "t" + (i % 4) + "-value";
                tasks.add(() -> registry.register(subject, HeartRateSample.getClassSchema()));
            }
            Set<Integer> ids = new HashSet<>();
            for (Future<Integer> f : pool.invokeAll(tasks)) {
                ids.add(f.get());
            }
            assertThat(ids).containsExactly(1);
            assertThat(registry.versions("t3-value")).containsExactly(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
