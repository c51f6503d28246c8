package io.runload.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/architecture.md: pure domain maths at the centre, the stores' encodings of
 * it in {@code state} beside it, topologies wiring both, adapters (serdes, HTTP, runtime, CLI) at
 * the edges, and no package cycles.
 */
class LayeringTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.runload");
    }

    @Test
    void theDomainImportsNoKafkaAvroRuntimeOrHttp() {
        // The generated io.runload.avro enums and records are the shared vocabulary of the schemas
        // and stay allowed; Avro's own runtime (encoders, schemas) is not.
        noClasses()
                .that()
                .resideInAPackage("io.runload.domain..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.kafka..",
                        "org.apache.avro..",
                        "org.eclipse.jetty..",
                        "java.net.http..",
                        "com.sun.net.httpserver..",
                        "io.micrometer..",
                        "io.runload.topology..",
                        "io.runload.runtime..",
                        "io.runload.http..",
                        "io.runload.serde..",
                        "io.runload.simulator..",
                        "io.runload.activity..",
                        "io.runload.cli..",
                        "io.runload.metrics..",
                        "io.runload.state..")
                .check(main);
    }

    @Test
    void theDomainKnowsNothingOfHowItIsStored() {
        noClasses()
                .that()
                .resideInAPackage("io.runload.domain..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.runload.state..")
                .check(main);
    }

    @Test
    void storedStateDependsOnTheDomainOnly() {
        // Codecs turn domain snapshots into bytes and back; the stores, serdes and everything that
        // wires them stay in the topology.
        noClasses()
                .that()
                .resideInAPackage("io.runload.state..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.kafka..",
                        "org.eclipse.jetty..",
                        "java.net.http..",
                        "com.sun.net.httpserver..",
                        "io.micrometer..",
                        "io.runload.topology..",
                        "io.runload.runtime..",
                        "io.runload.http..",
                        "io.runload.serde..",
                        "io.runload.ingest..",
                        "io.runload.cli..",
                        "io.runload.metrics..")
                .check(main);
    }

    @Test
    void theTopologyStoresStateThroughTheStateCodecs() {
        // Only the topology (which declares the stores) and nothing at the edges reaches the codecs.
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.runload.http..", "io.runload.serde..", "io.runload.ingest..", "io.runload.metrics..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.runload.state..")
                .check(main);
    }

    @Test
    void topologiesDoNotReachIntoTheRuntimeOrHttp() {
        noClasses()
                .that()
                .resideInAPackage("io.runload.topology..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.runload.runtime..", "io.runload.http..", "io.runload.cli..")
                .check(main);
    }

    @Test
    void adaptersAtTheEdgeDoNotDependOnTheRuntimeThatWiresThem() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.runload.serde..",
                        "io.runload.http..",
                        "io.runload.simulator..",
                        "io.runload.activity..",
                        "io.runload.metrics..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.runload.runtime..", "io.runload.cli..")
                .check(main);
    }

    @Test
    void theSimulatorAndActivityFileReadingAreIndependent() {
        // One generates data, the other reads what watches recorded: neither needs the other, so a
        // change to the demo cannot alter how users' files are imported, and the reverse.
        noClasses()
                .that()
                .resideInAPackage("io.runload.simulator..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.runload.activity..")
                .check(main);
        noClasses()
                .that()
                .resideInAPackage("io.runload.activity..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.runload.simulator..")
                .check(main);
    }

    @Test
    void watchedSecretsDependOnNoOtherRunLoadPackage() {
        // Both http and serde use them, and serde must not reach into http.
        noClasses()
                .that()
                .resideInAPackage("io.runload.secrets..")
                .should()
                .dependOnClassesThat(
                        resideInAPackage("io.runload..").and(resideOutsideOfPackage("io.runload.secrets..")))
                .check(main);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.runload.(*)..").should().beFreeOfCycles().check(main);
    }
}
