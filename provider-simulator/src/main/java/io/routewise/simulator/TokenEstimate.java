package io.routewise.simulator;

import io.routewise.chat.ChatRequest;
import io.routewise.chat.Message;
import io.routewise.chat.ToolCall;

/**
 * The simulator's token counts: about four characters per token, the usual rule of thumb for
 * English text with BPE tokenizers. Input counts every message's text and tool-call arguments
 * (not images, tool definitions or formatting overhead); output counts the answer's text or the
 * tool call's name and arguments. Good enough for cost and throughput arithmetic, not billing.
 */
final class TokenEstimate {

    static final int CHARS_PER_TOKEN = 4;

    private TokenEstimate() {
    }

    /** Tokens in this text: {@code ceil(chars / 4)}, and 0 for empty text. */
    static int of(String text) {
        return text == null ? 0 : (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    /** Tokens in the request's messages; at least 1 so a usage record never claims an empty prompt. */
    static int input(ChatRequest request) {
        long chars = 0;
        for (Message m : request.messages()) {
            chars += m.text().length();
            for (ToolCall call : m.toolCalls()) {
                chars += call.name().length() + (call.arguments() == null ? 0 : call.arguments().length());
            }
        }
        return (int) Math.max(1, (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN);
    }
}
