package io.routewise.ledger;

/**
 * What one attempt cost.
 *
 * @param usd          at catalog prices
 * @param inputTokens  prompt tokens, reported or estimated
 * @param outputTokens completion tokens, reported or estimated
 * @param cachedTokens cached prompt tokens (part of inputTokens)
 * @param estimated    the provider reported no usage; the tokens are estimates
 */
public record Cost(double usd, int inputTokens, int outputTokens, int cachedTokens, boolean estimated) {
}
