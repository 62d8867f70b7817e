package io.routewise.eval;

import io.routewise.chat.ChatRequest;
import io.routewise.chat.Message;
import io.routewise.chat.ResponseFormat;
import java.util.List;

/**
 * One fixed evaluation prompt, as read from a line of an {@code eval-sets/*.jsonl} file.
 *
 * @param id             unique across all sets, e.g. {@code "math-017"}
 * @param set            the set's file name without {@code .jsonl}
 * @param line           the line it was read from (for error messages)
 * @param task           the routing task (the classifier's task taxonomy, e.g. {@code math})
 * @param complexity     {@code easy}, {@code medium} or {@code hard}
 * @param messages       the conversation sent (an optional system message, then the user prompt)
 * @param responseFormat text, or JSON mode / a JSON schema
 * @param maxTokens      the answer cap, or null for {@code evaluation.max_output_tokens}
 * @param reference      the correct answer (a short fact, or a full answer when {@code verbatim})
 * @param verbatim       whether {@code reference} is a complete model answer rather than a short fact
 * @param scorer         how an answer is judged
 */
public record EvalItem(String id, String set, int line, String task, String complexity, List<Message> messages,
                       ResponseFormat responseFormat, Integer maxTokens, String reference, boolean verbatim,
                       Scorer scorer) {

    public EvalItem {
        messages = List.copyOf(messages);
        responseFormat = responseFormat == null ? ResponseFormat.TEXT : responseFormat;
    }

    /** The routing class this prompt belongs to: {@code complexity + "." + task}, e.g. {@code easy.math}. */
    public String label() {
        return complexity + "." + task;
    }

    /** The request sent to {@code model}: temperature 0, the item's cap or {@code defaultMaxTokens}. */
    public ChatRequest request(String model, int defaultMaxTokens) {
        return ChatRequest.builder(model, messages).responseFormat(responseFormat).temperature(0.0)
                .maxTokens(maxTokens != null ? maxTokens : defaultMaxTokens).build();
    }
}
