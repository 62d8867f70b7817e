package io.routewise.simulator;

import io.routewise.chat.FinishReason;
import io.routewise.chat.Message;
import io.routewise.chat.Usage;

/**
 * What a simulated model says: one assistant message (text or a tool call), why it stopped, and
 * its token counts ({@link TokenEstimate}).
 *
 * @param correct whether a prompt with a known reference was answered correctly; null when the
 *                prompt has no reference (or the answer is a tool call or structured output)
 */
public record SimulatedAnswer(Message message, FinishReason finishReason, Usage usage, Boolean correct) {
}
