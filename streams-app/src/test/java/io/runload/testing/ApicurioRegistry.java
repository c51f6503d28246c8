package io.runload.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * Apicurio Registry 3.3.3, a schema registry that nobody on this project wrote, run as a local
 * process on a loopback port with its default in-memory storage. Tests reach it through its
 * Confluent-compatible API ({@link #confluentUrl()}), as a platform using Apicurio would.
 *
 * <p>The Maven build unpacks its distribution before the integration tests ({@code apicurio.home}).
 * It needs Java 21 or newer, found under {@code /usr/lib/jvm} or named by {@code APICURIO_JAVA_HOME};
 * without one the tests fail when {@code CI=true} (so a CI machine that lacks it is noticed) and are
 * skipped on a developer's machine.
 */
public final class ApicurioRegistry {

    /** Its Confluent-compatible API, relative to the server root. */
    public static final String CONFLUENT_PATH = "/apis/ccompat/v7";

    private static final int MIN_JAVA = 21;
    // Start-up took 37 s with both cores busy; the bound leaves room for a slower machine.
    private static final Duration START_TIMEOUT = Duration.ofSeconds(150);

    private static ApicurioRegistry shared;

    private final Process process;
    private final URI root;
    private final Path log;

    private ApicurioRegistry(Process process, URI root, Path log) {
        this.process = process;
        this.root = root;
        this.log = log;
    }

    /** One registry for the whole test JVM, started on first use and stopped when the JVM exits. */
    public static synchronized ApicurioRegistry shared() {
        if (shared == null) {
            ApicurioRegistry started = start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "apicurio-registry-shutdown"));
            shared = started;
        }
        if (!shared.process.isAlive()) {
            throw new AssertionError("Apicurio Registry exited; its log:\n" + shared.logTail());
        }
        return shared;
    }

    /** Base URL of the Confluent-compatible API, the value for {@code SCHEMA_REGISTRY_URL}. */
    public String confluentUrl() {
        return root + CONFLUENT_PATH;
    }

    private static ApicurioRegistry start() {
        Path home = Path.of(System.getProperty("apicurio.home", "target/apicurio-registry"));
        Path launcher = home.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(launcher)) {
            throw new AssertionError(
                    "No Apicurio Registry at " + launcher + ": run the test through `mvn verify`, "
                            + "whose pre-integration-test phase unpacks io.apicurio:apicurio-registry-app:3.3.3:tar.gz:all there");
        }
        Path java = javaAtLeast21();
        int port = LoopbackPorts.one();
        Path logFile;
        try {
            logFile = Files.createTempFile("apicurio-registry-", ".log");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<String> command = List.of(
                java.toString(),
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                // Its management interface would otherwise listen on every interface, on the fixed port 9000.
                "-Dquarkus.management.enabled=false",
                "-jar",
                launcher.toString());
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start Apicurio Registry with " + java + ": " + e.getMessage(), e);
        }
        ApicurioRegistry registry = new ApicurioRegistry(process, URI.create("http://127.0.0.1:" + port), logFile);
        registry.awaitReady();
        return registry;
    }

    private void awaitReady() {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(confluentUrl() + "/subjects"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        long t0 = System.nanoTime();
        try {
            // An IOException means the registry is not listening yet.
            Awaitility.await("Apicurio Registry ready")
                    .atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("Apicurio Registry exited with " + process.exitValue()
                                    + " during start-up; its log:\n" + logTail());
                        }
                        return http.send(probe, HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                == 200;
                    });
        } catch (AssertionError exitedEarly) {
            stop();
            throw exitedEarly;
        } catch (ConditionTimeoutException e) {
            stop();
            throw new AssertionError(
                    "Apicurio Registry did not answer " + confluentUrl() + "/subjects within " + START_TIMEOUT
                            + "; its log:\n" + logTail(),
                    e);
        }
        System.out.printf(
                "Apicurio Registry 3.3.3 ready at %s after %d ms%n", root, (System.nanoTime() - t0) / 1_000_000);
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * A {@code java} of version 21 or newer: {@code APICURIO_JAVA_HOME}, this JVM, {@code JAVA_HOME}, or
     * the newest JDK under {@code /usr/lib/jvm}. None found fails under CI and skips elsewhere.
     */
    static Path javaAtLeast21() {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getenv("APICURIO_JAVA_HOME")).map(Path::of).ifPresent(candidates::add);
        candidates.add(Path.of(System.getProperty("java.home")));
        Optional.ofNullable(System.getenv("JAVA_HOME")).map(Path::of).ifPresent(candidates::add);
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> installed = Files.list(jvms)) {
                installed
                        .filter(p -> !Files.isSymbolicLink(p))
                        .sorted(Comparator.comparingInt(ApicurioRegistry::featureVersion)
                                .reversed())
                        .forEach(candidates::add);
            } catch (IOException e) {
                // Nothing listed: the message below names where it looked.
            }
        }
        for (Path home : candidates) {
            Path java = home.resolve("bin").resolve("java");
            if (Files.isExecutable(java) && featureVersion(home) >= MIN_JAVA) {
                return java;
            }
        }
        String message = "Apicurio Registry 3.3.3 needs Java " + MIN_JAVA + "+, and none was found (looked at "
                + "APICURIO_JAVA_HOME, this JVM, JAVA_HOME and /usr/lib/jvm/*). .ci/run installs one; "
                + "or set APICURIO_JAVA_HOME to a JDK 21+.";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message);
        }
        Assumptions.abort(message);
        throw new AssertionError(message);
    }

    private static final Pattern RELEASE_VERSION =
            Pattern.compile("^JAVA_VERSION=\"(?:1\\.)?(\\d+)", Pattern.MULTILINE);

    /** The feature version in a JDK's {@code release} file; 0 when there is none. */
    static int featureVersion(Path home) {
        try {
            Matcher m = RELEASE_VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
