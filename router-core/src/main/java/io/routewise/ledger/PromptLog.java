package io.routewise.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.ContentPart;
import io.routewise.chat.Message;
import io.routewise.json.Json;
import java.util.List;

/**
 * The prompt as the ledger's {@code messages} column stores it, in the traffic-log shape
 * ({@code [{"role": "user", "content": "..."}]}), redacted. Inline images ({@code data:} URLs) are
 * left out (they can be megabytes); remote image URLs are kept as {@code image_url} parts.
 */
public final class PromptLog {

    private PromptLog() {
    }

    /** The messages as JSON text, or null when prompt logging is off. */
    public static String messagesJson(List<Message> messages, boolean logPrompts, PromptRedactor redactor) {
        if (!logPrompts) {
            return null;
        }
        ArrayNode out = Json.array();
        for (Message m : messages) {
            ObjectNode node = out.addObject();
            node.put("role", m.role().wireName());
            boolean textOnly = m.content().stream().allMatch(p -> p instanceof ContentPart.Text);
            if (textOnly) {
                node.put("content", redactor.redact(m.text()));
            } else {
                ArrayNode parts = node.putArray("content");
                for (ContentPart p : m.content()) {
                    if (p instanceof ContentPart.Text t) {
                        parts.addObject().put("type", "text").put("text", redactor.redact(t.text()));
                    } else if (p instanceof ContentPart.Image img && !img.url().startsWith("data:")) {
                        parts.addObject().put("type", "image_url").putObject("image_url").put("url", img.url());
                    }
                }
            }
        }
        try {
            return Json.MAPPER.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise messages", e);
        }
    }
}
