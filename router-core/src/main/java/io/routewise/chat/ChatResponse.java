package io.routewise.chat;

/**
 * The canonical (non-streamed) answer: one choice.
 *
 * @param id      the provider's response id (the router may replace it)
 * @param model   the upstream model that answered
 * @param created unix seconds
 * @param message the assistant's message (text and/or tool calls)
 * @param usage   token counts, or null when the provider reported none
 */
public record ChatResponse(String id, String model, long created, Message message, FinishReason finishReason,
                           Usage usage) {

    public ChatResponse withModel(String newModel) {
        return new ChatResponse(id, newModel, created, message, finishReason, usage);
    }

    public ChatResponse withId(String newId) {
        return new ChatResponse(newId, model, created, message, finishReason, usage);
    }
}
