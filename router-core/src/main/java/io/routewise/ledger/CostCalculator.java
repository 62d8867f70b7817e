package io.routewise.ledger;

import io.routewise.catalog.Requirements;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.Usage;
import io.routewise.config.ModelConfig;

/**
 * Prices an attempt: usage × the catalog price of its model (cached prompt tokens at the cached price
 * where the catalog has one). When the provider reported no usage the tokens are estimated (prompt
 * ≈ characters / 4 via {@link Requirements#estimateInputTokens}; output ≈ characters produced / 4, or
 * the request's {@code max_tokens} when nothing is known) and the cost is flagged as estimated.
 */
public final class CostCalculator {

    /** Output tokens assumed for admission when a request sets no {@code max_tokens}. */
    public static final int DEFAULT_OUTPUT_ESTIMATE = 1024;
    private static final int CHARS_PER_TOKEN = 4;

    private CostCalculator() {
    }

    /**
     * The cost of a finished (or failed) attempt.
     *
     * @param usage       what the provider reported, or null; a usage of zero tokens counts as missing
     * @param outputChars characters of answer text (and tool-call arguments) received, or null when unknown
     */
    public static Cost cost(ModelConfig model, ChatRequest request, Usage usage, Long outputChars) {
        boolean reported = usage != null && (usage.inputTokens() > 0 || usage.outputTokens() > 0);
        int input;
        int output;
        int cached;
        boolean estimated;
        if (reported) {
            // A stream may report only one side; estimate the other.
            input = usage.inputTokens() > 0 ? usage.inputTokens() : Requirements.estimateInputTokens(request);
            output = usage.outputTokens();
            cached = Math.min(usage.cachedInputTokens(), input);
            estimated = usage.inputTokens() == 0;
        } else {
            input = Requirements.estimateInputTokens(request);
            output = outputChars != null ? tokensOf(outputChars) : outputLimit(model, request);
            cached = 0;
            estimated = true;
        }
        return new Cost(model.costUsd(input, cached, output), input, output, cached, estimated);
    }

    /**
     * What a call may cost before it is made, for budget admission: the prompt estimate plus the
     * request's {@code max_tokens} (else the model's output limit, at most {@value #DEFAULT_OUTPUT_ESTIMATE}).
     * With {@code max_tokens} set this is an upper bound on the actual cost, up to the prompt estimate's error.
     */
    public static double estimateUsd(ModelConfig model, ChatRequest request) {
        return model.costUsd(Requirements.estimateInputTokens(request), 0, outputLimit(model, request));
    }

    /**
     * What a call is likely to cost, for budget reservations: the prompt estimate plus {@code typicalOutput}
     * (the model's p95 output tokens from the ledger) capped by the request's {@code max_tokens}; without a
     * typical output, {@link #estimateUsd(ModelConfig, ChatRequest)}. A call may cost more than this (about
     * one in twenty produces more than the p95); docs/ledger.md says what bounds the overspend.
     */
    public static double estimateUsd(ModelConfig model, ChatRequest request, java.util.OptionalInt typicalOutput) {
        if (typicalOutput.isEmpty()) {
            return estimateUsd(model, request);
        }
        int output = typicalOutput.getAsInt();
        if (request.maxTokens() != null && request.maxTokens() > 0) {
            output = Math.min(output, request.maxTokens());
        }
        return model.costUsd(Requirements.estimateInputTokens(request), 0, output);
    }

    private static int outputLimit(ModelConfig model, ChatRequest request) {
        if (request.maxTokens() != null && request.maxTokens() > 0) {
            return request.maxTokens();
        }
        int modelLimit = model.maxOutputTokens() == null ? DEFAULT_OUTPUT_ESTIMATE : model.maxOutputTokens();
        return Math.min(modelLimit, DEFAULT_OUTPUT_ESTIMATE);
    }

    private static int tokensOf(long chars) {
        return (int) Math.min(Integer.MAX_VALUE, (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN);
    }
}
