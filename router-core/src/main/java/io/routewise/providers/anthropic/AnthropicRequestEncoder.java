package io.routewise.providers.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.ContentPart;
import io.routewise.chat.InvalidRequestException;
import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.chat.ToolCall;
import io.routewise.chat.ToolChoice;
import io.routewise.chat.ToolDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * Canonical request to a Messages API body (client side).
 *
 * <p>Anthropic differs from OpenAI in ways this class absorbs: instructions go to a top-level
 * {@code system}; tool results are {@code tool_result} blocks in a user turn; user and assistant
 * turns must alternate, so consecutive turns of one role are merged; {@code max_tokens} is
 * required; there is no JSON mode (see {@link AnthropicJsonMode}). Fields Anthropic has no
 * counterpart for ({@code seed}, a message's {@code name}, OpenAI pass-through extras other than
 * {@code parallel_tool_calls}) are dropped.
 */
final class AnthropicRequestEncoder {

    /** Used when the caller set no {@code max_tokens}, which Anthropic requires. */
    static final int DEFAULT_MAX_TOKENS = 4096;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AnthropicRequestEncoder() {
    }

    static ObjectNode encode(ChatRequest request, String upstreamModel) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("model", upstreamModel);
        body.put("max_tokens", request.maxTokens() != null ? request.maxTokens() : DEFAULT_MAX_TOKENS);

        List<String> instructions = new ArrayList<>();
        for (Message m : request.messages()) {
            if (m.role().isInstruction() && !m.text().isEmpty()) {
                instructions.add(m.text());
            }
        }
        String system = AnthropicJsonMode.appendTo(
                instructions.isEmpty() ? null : String.join("\n\n", instructions), request.responseFormat());
        if (system != null) {
            body.put("system", system);
        }
        body.set("messages", turns(request.messages()));

        if (request.temperature() != null) {
            body.put("temperature", request.temperature());
        }
        if (request.topP() != null) {
            body.put("top_p", request.topP());
        }
        if (!request.stop().isEmpty()) {
            ArrayNode stops = body.putArray("stop_sequences");
            request.stop().forEach(stops::add);
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolDefinition t : request.tools()) {
                tools.add(tool(t));
            }
            ObjectNode choice = toolChoice(request);
            if (choice != null) {
                body.set("tool_choice", choice);
            }
        }
        if (request.user() != null) {
            body.putObject("metadata").put("user_id", request.user());
        }
        if (request.stream()) {
            body.put("stream", true);
        }
        return body;
    }

    /** The conversation as alternating user/assistant turns of content blocks. */
    private static ArrayNode turns(List<Message> messages) {
        ArrayNode turns = MAPPER.createArrayNode();
        String lastRole = null;
        ArrayNode lastBlocks = null;
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (m.role().isInstruction()) {
                continue;
            }
            String role = m.role() == Role.ASSISTANT ? "assistant" : "user";
            ArrayNode blocks = blocks(m, i);
            if (blocks.isEmpty()) {
                continue; // Anthropic rejects empty turns; an empty message says nothing anyway
            }
            if (role.equals(lastRole)) {
                lastBlocks.addAll(blocks);
            } else {
                ObjectNode turn = turns.addObject();
                turn.put("role", role);
                lastBlocks = turn.putArray("content");
                lastBlocks.addAll(blocks);
                lastRole = role;
            }
        }
        return turns;
    }

    private static ArrayNode blocks(Message m, int index) {
        ArrayNode blocks = MAPPER.createArrayNode();
        if (m.role() == Role.TOOL) {
            ObjectNode result = blocks.addObject();
            result.put("type", "tool_result");
            result.put("tool_use_id", m.toolCallId());
            if (m.hasImages()) {
                result.set("content", contentBlocks(m.content()));
            } else {
                result.put("content", m.text());
            }
            return blocks;
        }
        blocks.addAll(contentBlocks(m.content()));
        for (int j = 0; j < m.toolCalls().size(); j++) {
            ToolCall call = m.toolCalls().get(j);
            ObjectNode use = blocks.addObject();
            use.put("type", "tool_use");
            use.put("id", call.id());
            use.put("name", call.name());
            use.set("input", arguments(call.arguments(),
                    "messages[" + index + "].tool_calls[" + j + "].function.arguments"));
        }
        return blocks;
    }

    private static ArrayNode contentBlocks(List<ContentPart> parts) {
        ArrayNode blocks = MAPPER.createArrayNode();
        for (ContentPart part : parts) {
            if (part instanceof ContentPart.Text t) {
                if (!t.text().isEmpty()) { // Anthropic rejects empty text blocks
                    blocks.addObject().put("type", "text").put("text", t.text());
                }
            } else if (part instanceof ContentPart.Image img) {
                ObjectNode image = blocks.addObject().put("type", "image");
                ContentPart.InlineData inline = img.dataUrl();
                if (inline != null) {
                    image.putObject("source").put("type", "base64")
                            .put("media_type", inline.mediaType()).put("data", inline.base64());
                } else {
                    image.putObject("source").put("type", "url").put("url", img.url());
                }
            }
        }
        return blocks;
    }

    /** Tool arguments are JSON text in the canonical model and an object on Anthropic's wire. */
    private static JsonNode arguments(String text, String param) {
        if (text == null || text.isBlank()) {
            return MAPPER.createObjectNode();
        }
        try {
            JsonNode parsed = MAPPER.readTree(text);
            if (parsed != null && parsed.isObject()) {
                return parsed;
            }
        } catch (JsonProcessingException e) {
            throw InvalidRequestException.badField(param,
                    "Tool call arguments must be a JSON object; could not parse them: " + e.getOriginalMessage());
        }
        throw InvalidRequestException.badField(param, "Tool call arguments must be a JSON object.");
    }

    private static ObjectNode tool(ToolDefinition t) {
        ObjectNode tool = MAPPER.createObjectNode();
        tool.put("name", t.name());
        if (t.description() != null) {
            tool.put("description", t.description());
        }
        if (t.parameters() != null) {
            tool.set("input_schema", t.parameters());
        } else {
            // Anthropic requires a schema; a function without parameters takes an empty object.
            tool.putObject("input_schema").put("type", "object").putObject("properties");
        }
        return tool;
    }

    private static ObjectNode toolChoice(ChatRequest request) {
        JsonNode parallel = request.extra().get("parallel_tool_calls");
        boolean disableParallel = parallel != null && parallel.isBoolean() && !parallel.booleanValue();
        ToolChoice choice = request.toolChoice();
        if (choice == null && !disableParallel) {
            return null;
        }
        ObjectNode node = MAPPER.createObjectNode();
        ToolChoice.Mode mode = choice == null ? ToolChoice.Mode.AUTO : choice.mode();
        switch (mode) {
            case AUTO -> node.put("type", "auto");
            case NONE -> node.put("type", "none");
            case REQUIRED -> node.put("type", "any");
            case FUNCTION -> node.put("type", "tool").put("name", choice.functionName());
        }
        if (disableParallel && mode != ToolChoice.Mode.NONE) {
            node.put("disable_parallel_tool_use", true);
        }
        return node;
    }
}
