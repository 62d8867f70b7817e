package io.routewise.dispatch;

import io.routewise.chat.ChatResponse;
import io.routewise.config.ModelConfig;
import java.util.List;

/**
 * A request that was answered.
 *
 * @param response      the answer
 * @param model         the model that gave it
 * @param attempts      every upstream call made, the successful one last
 * @param upstreamNanos time spent waiting on providers (for the router's overhead figure)
 */
public record Completion(ChatResponse response, ModelConfig model, List<Attempt> attempts, long upstreamNanos) {

    /** How many models failed before this one answered. */
    public int fallbacksTaken() {
        return attempts.size() - 1;
    }
}
