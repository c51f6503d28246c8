/**
 * The demo simulator: athletes with realistic heart-rate curves, in a 42-day history replayed in
 * accelerated time and then live at 1 Hz, written to a {@link io.runload.simulator.SimulationSink}.
 *
 * <p>Event-time conventions a sink adapter can rely on:
 * <ul>
 *   <li>a sample's event time is {@code eventTime}; on-time samples are sent at that moment, the
 *       late upload's samples about three days after it;</li>
 *   <li>a run event's event time is {@code updatedAt}, the moment of the upload (its end plus a
 *       few minutes, or later for edits); {@code startTime} is when the run began;</li>
 *   <li>a profile applies from the local midnight of {@code effectiveFrom} and is sent then
 *       (the first version at the history start).</li>
 * </ul>
 * Using these as Kafka record timestamps keeps stream time in step with the simulated clock.
 *
 * <p>Scenarios by athlete (sim-0001 to sim-0008, then steady athletes): see
 * {@link io.runload.simulator.Scenario}.
 */
package io.runload.simulator;
