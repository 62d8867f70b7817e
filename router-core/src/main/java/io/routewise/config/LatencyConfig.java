package io.routewise.config;

/**
 * How latency is tracked per deployment ({@code routing.latency}).
 *
 * @param windowS    samples older than this many seconds are forgotten, so a deployment skipped as
 *                   too slow gets another chance once its old samples age out
 * @param minSamples fewer samples than this in the window: the deployment is unknown and allowed
 * @param ewmaAlpha  weight of the newest sample in the moving average, in (0, 1]
 */
public record LatencyConfig(Integer windowS, Integer minSamples, Double ewmaAlpha) {

    public static final LatencyConfig DEFAULT = new LatencyConfig(null, null, null);

    public LatencyConfig {
        windowS = windowS == null ? 300 : windowS;
        minSamples = minSamples == null ? 5 : minSamples;
        ewmaAlpha = ewmaAlpha == null ? 0.2 : ewmaAlpha;
    }
}
