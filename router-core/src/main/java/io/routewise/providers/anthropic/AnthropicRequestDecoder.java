package io.routewise.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.ContentPart;
import io.routewise.chat.InvalidRequestException;
import io.routewise.chat.Message;
import io.routewise.chat.ResponseFormat;
import io.routewise.chat.Role;
import io.routewise.chat.ToolCall;
import io.routewise.chat.ToolChoice;
import io.routewise.chat.ToolDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Messages API body to a canonical request (server side), the inverse of
 * {@link AnthropicRequestEncoder}. Every rejection names the offending field the way Anthropic's
 * documentation spells it (e.g. {@code messages[2].content[0].tool_use_id}).
 */
final class AnthropicRequestDecoder {

    private AnthropicRequestDecoder() {
    }

    static ChatRequest decode(JsonNode body, String modelFromPath) {
        if (body == null || !body.isObject()) {
            throw InvalidRequestException.wrongType("body", "a JSON object");
        }
        String model = optText(body, "model");
        if (model == null) {
            model = modelFromPath;
        }
        if (model == null || model.isEmpty()) {
            throw InvalidRequestException.missing("model");
        }
        int maxTokens = maxTokens(body);

        List<Message> messages = new ArrayList<>();
        AnthropicJsonMode.Split system = AnthropicJsonMode.split(system(body.get("system")));
        if (system.system() != null) {
            messages.add(Message.text(Role.SYSTEM, system.system()));
        }
        JsonNode turns = body.get("messages");
        if (turns == null || turns.isNull()) {
            throw InvalidRequestException.missing("messages");
        }
        if (!turns.isArray()) {
            throw InvalidRequestException.wrongType("messages", "an array");
        }
        if (turns.isEmpty()) {
            throw InvalidRequestException.badField("messages", "'messages' must contain at least one message.");
        }
        for (int i = 0; i < turns.size(); i++) {
            turn(turns.get(i), "messages[" + i + "]", messages);
        }

        List<ToolDefinition> tools = tools(body.get("tools"));
        ToolChoice toolChoice = null;
        Map<String, JsonNode> extra = Map.of();
        JsonNode choice = body.get("tool_choice");
        if (choice != null && !choice.isNull()) {
            toolChoice = toolChoice(choice);
            if (choice.path("disable_parallel_tool_use").asBoolean(false)) {
                extra = Map.of("parallel_tool_calls", BooleanNode.FALSE);
            }
        }
        List<String> stop = new ArrayList<>();
        JsonNode stops = body.get("stop_sequences");
        if (stops != null && !stops.isNull()) {
            if (!stops.isArray()) {
                throw InvalidRequestException.wrongType("stop_sequences", "an array of strings");
            }
            for (int i = 0; i < stops.size(); i++) {
                if (!stops.get(i).isTextual()) {
                    throw InvalidRequestException.wrongType("stop_sequences[" + i + "]", "a string");
                }
                stop.add(stops.get(i).asText());
            }
        }
        String user = null;
        JsonNode metadata = body.get("metadata");
        if (metadata != null && !metadata.isNull()) {
            if (!metadata.isObject()) {
                throw InvalidRequestException.wrongType("metadata", "an object");
            }
            user = optText(metadata, "user_id", "metadata.user_id");
        }
        JsonNode streamNode = body.get("stream");
        if (streamNode != null && !streamNode.isNull() && !streamNode.isBoolean()) {
            throw InvalidRequestException.wrongType("stream", "a boolean");
        }
        boolean stream = streamNode != null && streamNode.asBoolean(false);

        ResponseFormat format = system.format();
        // Anthropic streams always carry usage, so a streamed request always "includes usage".
        return ChatRequest.builder(model, messages).tools(tools).toolChoice(toolChoice).responseFormat(format)
                .temperature(optNumber(body, "temperature")).topP(optNumber(body, "top_p")).maxTokens(maxTokens).stop(stop)
                .user(user).stream(stream, stream).extra(extra).build();
    }

    private static int maxTokens(JsonNode body) {
        JsonNode node = body.get("max_tokens");
        if (node == null || node.isNull()) {
            throw InvalidRequestException.missing("max_tokens");
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw InvalidRequestException.wrongType("max_tokens", "an integer");
        }
        if (node.intValue() < 1) {
            throw InvalidRequestException.badField("max_tokens", "'max_tokens' must be at least 1.");
        }
        return node.intValue();
    }

    /** The system prompt: a string or an array of text blocks (joined), or null when absent. */
    private static String system(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText().isEmpty() ? null : node.asText();
        }
        if (!node.isArray()) {
            throw InvalidRequestException.wrongType("system", "a string or an array of text blocks");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < node.size(); i++) {
            JsonNode block = node.get(i);
            if (!"text".equals(block.path("type").asText()) || !block.path("text").isTextual()) {
                throw InvalidRequestException.badField("system[" + i + "]", "System blocks must be text blocks.");
            }
            sb.append(block.get("text").asText());
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    /** One user or assistant turn, appended to {@code out} as one or more canonical messages. */
    private static void turn(JsonNode turn, String param, List<Message> out) {
        if (!turn.isObject()) {
            throw InvalidRequestException.wrongType(param, "an object");
        }
        String role = optText(turn, "role", param + ".role");
        if (!"user".equals(role) && !"assistant".equals(role)) {
            throw InvalidRequestException.badField(param + ".role",
                    "Invalid role " + (role == null ? "(missing)" : "'" + role + "'") + ": expected 'user' or 'assistant'.");
        }
        JsonNode content = turn.get("content");
        if (content == null || content.isNull()) {
            throw InvalidRequestException.missing(param + ".content");
        }
        if (content.isTextual()) {
            out.add(Message.text("user".equals(role) ? Role.USER : Role.ASSISTANT, content.asText()));
            return;
        }
        if (!content.isArray()) {
            throw InvalidRequestException.wrongType(param + ".content", "a string or an array of content blocks");
        }
        List<ContentPart> parts = new ArrayList<>();
        List<ToolCall> calls = new ArrayList<>();
        for (int j = 0; j < content.size(); j++) {
            JsonNode block = content.get(j);
            String blockParam = param + ".content[" + j + "]";
            String type = optText(block, "type", blockParam + ".type");
            if ("user".equals(role) && "tool_result".equals(type)) {
                // A tool result is its own canonical message; flush the user text that came before it.
                if (!parts.isEmpty()) {
                    out.add(new Message(Role.USER, parts, null, null, null));
                    parts = new ArrayList<>();
                }
                out.add(toolResult(block, blockParam));
            } else if ("assistant".equals(role) && "tool_use".equals(type)) {
                calls.add(toolUse(block, blockParam));
            } else if ("text".equals(type) || "image".equals(type)) {
                parts.add(part(block, type, blockParam));
            } else {
                throw InvalidRequestException.badField(blockParam + ".type",
                        "Unsupported content block type " + (type == null ? "(missing)" : "'" + type + "'")
                                + " in a " + role + " turn.");
            }
        }
        if ("assistant".equals(role)) {
            out.add(new Message(Role.ASSISTANT, parts, null, calls, null));
        } else if (!parts.isEmpty()) {
            out.add(new Message(Role.USER, parts, null, null, null));
        }
    }

    private static ContentPart part(JsonNode block, String type, String param) {
        if ("text".equals(type)) {
            String text = optText(block, "text", param + ".text");
            if (text == null) {
                throw InvalidRequestException.missing(param + ".text");
            }
            return new ContentPart.Text(text);
        }
        JsonNode source = block.get("source");
        if (source == null || !source.isObject()) {
            throw InvalidRequestException.missing(param + ".source");
        }
        String sourceType = optText(source, "type", param + ".source.type");
        if ("base64".equals(sourceType)) {
            String mediaType = optText(source, "media_type", param + ".source.media_type");
            String data = optText(source, "data", param + ".source.data");
            if (mediaType == null || data == null) {
                throw InvalidRequestException.missing(param + ".source." + (mediaType == null ? "media_type" : "data"));
            }
            return ContentPart.Image.inline(mediaType, data);
        }
        if ("url".equals(sourceType)) {
            String url = optText(source, "url", param + ".source.url");
            if (url == null) {
                throw InvalidRequestException.missing(param + ".source.url");
            }
            return new ContentPart.Image(url, null);
        }
        throw InvalidRequestException.badField(param + ".source.type",
                "Image source type must be 'base64' or 'url'.");
    }

    private static Message toolResult(JsonNode block, String param) {
        String id = optText(block, "tool_use_id", param + ".tool_use_id");
        if (id == null) {
            throw InvalidRequestException.missing(param + ".tool_use_id");
        }
        JsonNode content = block.get("content");
        List<ContentPart> parts = new ArrayList<>();
        if (content == null || content.isNull()) {
            parts.add(new ContentPart.Text(""));
        } else if (content.isTextual()) {
            parts.add(new ContentPart.Text(content.asText()));
        } else if (content.isArray()) {
            for (int k = 0; k < content.size(); k++) {
                String innerParam = param + ".content[" + k + "]";
                String type = optText(content.get(k), "type", innerParam + ".type");
                if (!"text".equals(type) && !"image".equals(type)) {
                    throw InvalidRequestException.badField(innerParam + ".type",
                            "Tool results may contain only text and image blocks.");
                }
                parts.add(part(content.get(k), type, innerParam));
            }
        } else {
            throw InvalidRequestException.wrongType(param + ".content", "a string or an array of content blocks");
        }
        return new Message(Role.TOOL, parts, null, null, id);
    }

    private static ToolCall toolUse(JsonNode block, String param) {
        String id = optText(block, "id", param + ".id");
        String name = optText(block, "name", param + ".name");
        if (id == null || name == null) {
            throw InvalidRequestException.missing(param + (id == null ? ".id" : ".name"));
        }
        JsonNode input = block.get("input");
        if (input == null || !input.isObject()) {
            throw InvalidRequestException.wrongType(param + ".input", "an object");
        }
        return new ToolCall(id, name, input.toString());
    }

    private static List<ToolDefinition> tools(JsonNode node) {
        List<ToolDefinition> tools = new ArrayList<>();
        if (node == null || node.isNull()) {
            return tools;
        }
        if (!node.isArray()) {
            throw InvalidRequestException.wrongType("tools", "an array");
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode tool = node.get(i);
            String param = "tools[" + i + "]";
            String type = optText(tool, "type", param + ".type");
            if (type != null && !"custom".equals(type)) {
                throw InvalidRequestException.badField(param + ".type",
                        "Only custom tools (name, description, input_schema) are supported, not '" + type + "'.");
            }
            String name = optText(tool, "name", param + ".name");
            if (name == null) {
                throw InvalidRequestException.missing(param + ".name");
            }
            JsonNode schema = tool.get("input_schema");
            if (schema == null || !schema.isObject()) {
                throw InvalidRequestException.missing(param + ".input_schema");
            }
            tools.add(new ToolDefinition(name, optText(tool, "description", param + ".description"), schema, null));
        }
        return tools;
    }

    private static ToolChoice toolChoice(JsonNode node) {
        if (!node.isObject()) {
            throw InvalidRequestException.wrongType("tool_choice", "an object");
        }
        String type = optText(node, "type", "tool_choice.type");
        if (type == null) {
            throw InvalidRequestException.missing("tool_choice.type");
        }
        return switch (type) {
            case "auto" -> ToolChoice.AUTO;
            case "any" -> ToolChoice.REQUIRED;
            case "none" -> ToolChoice.NONE;
            case "tool" -> {
                String name = optText(node, "name", "tool_choice.name");
                if (name == null) {
                    throw InvalidRequestException.missing("tool_choice.name");
                }
                yield ToolChoice.function(name);
            }
            default -> throw InvalidRequestException.badField("tool_choice.type",
                    "Invalid tool_choice type '" + type + "': expected auto, any, tool or none.");
        };
    }

    private static String optText(JsonNode parent, String field) {
        return optText(parent, field, field);
    }

    private static String optText(JsonNode parent, String field, String param) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw InvalidRequestException.wrongType(param, "a string");
        }
        return node.asText();
    }

    private static Double optNumber(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw InvalidRequestException.wrongType(field, "a number");
        }
        return node.doubleValue();
    }
}
