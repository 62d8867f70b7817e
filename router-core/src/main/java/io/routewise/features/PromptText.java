package io.routewise.features;

import java.util.List;

import io.routewise.chat.ContentPart;
import io.routewise.chat.Message;
import io.routewise.chat.Role;

/**
 * The texts of a conversation the featurizer looks at.
 *
 * @param lastUser    the text of the last user turn ("" when there is none)
 * @param instructions the system and developer messages, joined ("" when none)
 * @param all          every message's text (all roles, tool results included), joined
 */
record PromptText(String lastUser, String instructions, String all) {

    /** Text parts of one message are joined with a newline, so words at part edges stay apart. */
    static PromptText of(List<Message> messages) {
        String lastUser = "";
        StringBuilder instructions = new StringBuilder();
        StringBuilder all = new StringBuilder();
        for (Message message : messages) {
            String text = text(message);
            if (message.role() == Role.USER) {
                lastUser = text;
            } else if (message.role() != null && message.role().isInstruction() && !text.isBlank()) {
                append(instructions, text);
            }
            append(all, text);
            for (var call : message.toolCalls()) {
                append(all, call.arguments() == null ? "" : call.arguments());
            }
        }
        return new PromptText(lastUser, instructions.toString(), all.toString());
    }

    static String text(Message message) {
        StringBuilder sb = new StringBuilder();
        for (ContentPart part : message.content()) {
            if (part instanceof ContentPart.Text t && t.text() != null) {
                append(sb, t.text());
            }
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, String text) {
        if (text.isEmpty()) {
            return;
        }
        if (sb.length() > 0) {
            sb.append('\n');
        }
        sb.append(text);
    }
}
