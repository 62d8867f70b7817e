package io.routewise.simulator;

import io.routewise.config.SimulationProfile;

/**
 * Decides a request's fate from its model's behaviour, the time since the simulator started and
 * one uniform draw. Pure, so the rates can be checked over many seeded draws.
 */
final class FaultPlanner {

    private FaultPlanner() {
    }

    /**
     * In order: a scheduled outage, a status the model name forces, then one draw split into
     * consecutive bands of the profile's rates (429, 500, timeout, reset, and for streams a cut);
     * a draw past every band is a normal answer.
     *
     * @param draw      uniform in [0, 1)
     * @param elapsedMs time since the simulator started
     */
    static Outcome decide(SimulatedModel model, double draw, long elapsedMs, boolean stream) {
        SimulationProfile p = model.profile();
        for (SimulationProfile.Outage outage : p.outages()) {
            long from = outage.afterS() * 1000;
            if (elapsedMs >= from && elapsedMs < from + outage.durationS() * 1000) {
                return switch (outage.failure()) {
                    case "timeout" -> new Outcome(Outcome.Kind.TIMEOUT, 0, 0, true);
                    case "reset" -> new Outcome(Outcome.Kind.RESET, 0, 0, true);
                    default -> Outcome.error(503, p.retryAfterS(), true);
                };
            }
        }
        if (model.forcedStatus() != null) {
            int status = model.forcedStatus();
            return Outcome.error(status, status == 429 ? p.retryAfterS() : 0, false);
        }
        double band = p.rateLimitRate();
        if (draw < band) {
            return Outcome.error(429, p.retryAfterS(), false);
        }
        band += p.errorRate();
        if (draw < band) {
            return Outcome.SERVER_ERROR;
        }
        band += p.timeoutRate();
        if (draw < band) {
            return Outcome.TIMEOUT;
        }
        band += p.resetRate();
        if (draw < band) {
            return Outcome.RESET;
        }
        if (stream && draw < band + p.streamCutRate()) {
            return Outcome.STREAM_CUT;
        }
        return Outcome.ANSWER;
    }
}
