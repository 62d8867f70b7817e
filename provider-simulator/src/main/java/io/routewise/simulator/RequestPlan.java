package io.routewise.simulator;

/**
 * Everything the server needs to act out one request, decided up front.
 *
 * @param model   the simulated model's name
 * @param answer  the answer to send (null unless the outcome is an answer or a cut stream)
 * @param cutAt   for a cut stream: the fraction of the answer's deltas sent before the cut, in (0, 1)
 */
public record RequestPlan(String model, Outcome outcome, Pacing pacing, SimulatedAnswer answer, double cutAt) {
}
