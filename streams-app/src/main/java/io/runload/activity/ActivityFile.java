package io.runload.activity;

import java.nio.file.Path;

/**
 * An activity file that was read: where it came from, the SHA-256 of its bytes (hex), which
 * identifies the upload however the file is named or moved, and what it contains.
 */
public record ActivityFile(Path path, String contentHash, ActivityContents contents) {}
