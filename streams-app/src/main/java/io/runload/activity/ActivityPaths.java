package io.runload.activity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files an import reads. A file named on the command line is always tried; inside a directory
 * (recursively) only {@code .fit}, {@code .tcx} and {@code .gpx} files are taken, because exported
 * archives also hold photos and JSON that are not failures.
 */
public final class ActivityPaths {

    public record Found(List<Path> files, List<ImportFailure> failures) {}

    private ActivityPaths() {}

    public static Found find(List<Path> roots) {
        Set<Path> files = new LinkedHashSet<>();
        List<ImportFailure> failures = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.filter(Files::isRegularFile)
                            .filter(p -> ActivityFormat.byExtension(
                                            p.getFileName().toString())
                                    .isPresent())
                            .sorted()
                            .forEach(p -> files.add(p.normalize()));
                } catch (IOException | java.io.UncheckedIOException e) {
                    failures.add(new ImportFailure(root, "cannot list directory: " + e.getMessage()));
                }
            } else if (Files.isRegularFile(root)) {
                files.add(root.normalize());
            } else if (Files.exists(root)) {
                failures.add(new ImportFailure(root, "not a regular file or directory (a device or FIFO)"));
            } else {
                failures.add(new ImportFailure(root, "no such file or directory"));
            }
        }
        return new Found(List.copyOf(files), failures);
    }
}
