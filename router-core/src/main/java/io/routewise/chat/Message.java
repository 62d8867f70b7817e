package io.routewise.chat;

import java.util.List;

/**
 * One turn of a conversation.
 *
 * @param role       who wrote it
 * @param content    its parts (may be empty, e.g. an assistant turn that only calls tools)
 * @param name       an optional participant name
 * @param toolCalls  the calls an assistant turn makes (empty otherwise)
 * @param toolCallId for a {@link Role#TOOL} message: the call this is the result of
 */
public record Message(Role role, List<ContentPart> content, String name, List<ToolCall> toolCalls, String toolCallId) {

    public Message {
        content = content == null ? List.of() : List.copyOf(content);
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public static Message text(Role role, String text) {
        return new Message(role, List.of(new ContentPart.Text(text)), null, List.of(), null);
    }

    public static Message toolResult(String toolCallId, String text) {
        return new Message(Role.TOOL, List.of(new ContentPart.Text(text)), null, List.of(), toolCallId);
    }

    public static Message assistantToolCalls(List<ToolCall> calls) {
        return new Message(Role.ASSISTANT, List.of(), null, calls, null);
    }

    /** All text parts joined together (images left out). */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (ContentPart part : content) {
            if (part instanceof ContentPart.Text t) {
                sb.append(t.text());
            }
        }
        return sb.toString();
    }

    public boolean hasImages() {
        return content.stream().anyMatch(p -> p instanceof ContentPart.Image);
    }
}
