package io.routewise.dispatch;

import io.routewise.chat.ChatResponse;
import io.routewise.config.ModelConfig;
import java.util.List;

/**
 * A request that was answered.
 *
 * @param response      the answer
 * @param model         the model that gave it
 * @param attempts      every upstream call made and every candidate skipped, the successful call last
 * @param upstreamNanos time spent waiting on providers (for the router's overhead figure)
 */
public record Completion(ChatResponse response, ModelConfig model, List<Attempt> attempts, long upstreamNanos) {

    /** How many other models failed or were skipped before this one answered. */
    public int fallbacksTaken() {
        return Attempts.fallbacks(attempts, model.id());
    }

    /** How many calls repeated one to the same model. */
    public int retries() {
        return Attempts.retries(attempts);
    }
}
