package io.routewise.ledger;

/**
 * What one upstream call would spend against: budgets of scope {@code provider}, {@code model} and
 * {@code key} apply when their name matches.
 *
 * @param provider provider name
 * @param model    catalog model id
 * @param apiKeyId the caller's key id ({@link ApiKeyIds}), or null
 */
public record BudgetTarget(String provider, String model, String apiKeyId) {
}
