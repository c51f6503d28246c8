/**
 * Recorded activity files: FIT, TCX and GPX read into format-independent runs
 * ({@link io.runload.activity.ActivityFileReader}, bounded by
 * {@link io.runload.activity.ActivityLimits}), analysed offline with the pipeline's own domain code
 * for {@code runload analyze} ({@link io.runload.activity.RunAnalyzer}), and back-filled into the
 * input topics for {@code runload import} ({@link io.runload.activity.HistoryImport}, with Kafka
 * behind {@link io.runload.activity.ImportSink}).
 *
 * <p>A file is untrusted input: whatever it holds becomes an
 * {@link io.runload.activity.UnreadableActivityException} with a one-line reason, never a crash.
 * Nothing here depends on the demo simulator, which generates its data rather than reading it.
 */
package io.runload.activity;
