package io.routewise.chat;

/**
 * Token counts of one call.
 *
 * @param cachedInputTokens prompt tokens served from the provider's cache (part of
 *                          {@code inputTokens}), or 0 when not reported
 */
public record Usage(int inputTokens, int outputTokens, int cachedInputTokens) {

    public static final Usage ZERO = new Usage(0, 0, 0);

    public int totalTokens() {
        return inputTokens + outputTokens;
    }
}
