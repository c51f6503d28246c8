package io.runload.bench;

import java.nio.file.Path;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/** A JFR recording (the JDK's "profile" settings: 10 ms method sampling) around one phase of the benchmark. */
final class ProfileRecording {
    private final Recording recording;
    private final Path file;

    private ProfileRecording(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    static ProfileRecording start(Path file) throws Exception {
        Recording recording = new Recording(Configuration.getConfiguration("profile"));
        recording.start();
        return new ProfileRecording(recording, file);
    }

    void stop() throws java.io.IOException {
        recording.stop();
        recording.dump(file);
        recording.close();
    }
}
