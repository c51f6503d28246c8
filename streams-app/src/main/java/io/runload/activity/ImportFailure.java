package io.runload.activity;

import java.nio.file.Path;

/** A file (or one run in it) the import could not use, with the reason shown as {@code FILE: reason}. */
public record ImportFailure(Path path, String reason) {
    @Override
    public String toString() {
        return path + ": " + reason;
    }
}
