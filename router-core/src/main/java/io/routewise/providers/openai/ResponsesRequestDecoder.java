package io.routewise.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Locale;

/**
 * Reads an OpenAI Responses request ({@code POST /v1/responses}, the stateless part) as a canonical
 * chat request: {@code instructions} become the system message; {@code input} is a string or items
 * (messages with text and image parts, {@code function_call} and {@code function_call_output});
 * function tools, {@code tool_choice}, {@code text.format}, {@code max_output_tokens},
 * {@code temperature}, {@code top_p}, {@code stream}. Stateful fields ({@code previous_response_id},
 * {@code store: true}, {@code conversation}) are refused naming the field: the router keeps no responses.
 */
final class ResponsesRequestDecoder {

    private ResponsesRequestDecoder() {
    }

    static ChatRequest decode(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException(400, "The request body must be a JSON object.", null, "invalid_value");
        }
        for (String stateful : List.of("previous_response_id", "conversation")) {
            if (body.hasNonNull(stateful)) {
                throw InvalidRequestException.badField(stateful, "'" + stateful + "' is not supported: this router keeps "
                        + "no responses; send the whole conversation in 'input'.");
            }
        }
        if (body.path("store").asBoolean(false)) {
            throw InvalidRequestException.badField("store", "'store: true' is not supported: this router keeps no "
                    + "responses; leave 'store' out or set it to false.");
        }
        JsonNode model = body.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw InvalidRequestException.missing("model");
        }
        List<Message> messages = new ArrayList<>();
        JsonNode instructions = body.get("instructions");
        if (instructions != null && !instructions.isNull()) {
            if (!instructions.isTextual()) {
                throw InvalidRequestException.wrongType("instructions", "a string");
            }
            messages.add(Message.text(Role.SYSTEM, instructions.asText()));
        }
        JsonNode input = body.get("input");
        if (input == null || input.isNull()) {
            throw InvalidRequestException.missing("input");
        }
        if (input.isTextual()) {
            messages.add(Message.text(Role.USER, input.asText()));
        } else if (input.isArray()) {
            for (int i = 0; i < input.size(); i++) {
                item(input.get(i), "input[" + i + "]", messages);
            }
        } else {
            throw InvalidRequestException.wrongType("input", "a string or an array of items");
        }
        if (messages.stream().noneMatch(m -> m.role() != Role.SYSTEM)) {
            throw InvalidRequestException.badField("input", "'input' holds no message to answer.");
        }
        boolean stream = body.path("stream").asBoolean(false);
        return ChatRequest.builder(model.asText(), messages).tools(tools(body.get("tools")))
                .toolChoice(toolChoice(body.get("tool_choice"))).responseFormat(format(body.path("text").get("format")))
                .temperature(number(body, "temperature")).topP(number(body, "top_p"))
                .maxTokens(body.hasNonNull("max_output_tokens") ? positiveInt(body.get("max_output_tokens"), "max_output_tokens") : null)
                .user(body.path("user").isTextual() ? body.get("user").asText() : null)
                .stream(stream, stream).build();
    }

    private static void item(JsonNode item, String at, List<Message> messages) {
        if (!item.isObject()) {
            throw InvalidRequestException.wrongType(at, "an object");
        }
        String type = item.path("type").asText("message");
        switch (type) {
            case "message" -> messages.add(message(item, at));
            case "function_call" -> {
                String callId = text(item, "call_id", at);
                messages.add(Message.assistantToolCalls(List.of(new ToolCall(callId, text(item, "name", at),
                        item.path("arguments").asText("{}")))));
            }
            case "function_call_output" -> {
                JsonNode output = item.get("output");
                messages.add(Message.toolResult(text(item, "call_id", at), output == null || output.isNull() ? ""
                        : output.isTextual() ? output.asText() : output.toString()));
            }
            default -> throw InvalidRequestException.badField(at + ".type", "Unsupported input item type '" + type
                    + "' (expected message, function_call or function_call_output).");
        }
    }

    private static Message message(JsonNode item, String at) {
        String roleName = item.path("role").asText("");
        Role role = switch (roleName) {
            case "user" -> Role.USER;
            case "assistant" -> Role.ASSISTANT;
            case "system" -> Role.SYSTEM;
            case "developer" -> Role.DEVELOPER;
            default -> throw InvalidRequestException.badField(at + ".role", "Unknown role '" + roleName
                    + "' (expected user, assistant, system or developer).");
        };
        JsonNode content = item.get("content");
        if (content == null || content.isNull()) {
            throw InvalidRequestException.missing(at + ".content");
        }
        if (content.isTextual()) {
            return Message.text(role, content.asText());
        }
        if (!content.isArray()) {
            throw InvalidRequestException.wrongType(at + ".content", "a string or an array of parts");
        }
        List<ContentPart> parts = new ArrayList<>();
        for (int p = 0; p < content.size(); p++) {
            JsonNode part = content.get(p);
            String where = at + ".content[" + p + "]";
            String partType = part.path("type").asText("");
            switch (partType) {
                case "input_text", "output_text", "text" -> parts.add(new ContentPart.Text(text(part, "text", where)));
                case "input_image" -> {
                    JsonNode url = part.get("image_url");
                    if (url == null || !url.isTextual()) {
                        throw InvalidRequestException.badField(where + ".image_url", "An input_image needs an image_url "
                                + "(an https URL or a data: URL); file ids are not supported.");
                    }
                    parts.add(new ContentPart.Image(url.asText(), part.path("detail").isTextual() ? part.get("detail").asText() : null));
                }
                default -> throw InvalidRequestException.badField(where + ".type", "Unsupported content part '" + partType
                        + "' (expected input_text or input_image).");
            }
        }
        return new Message(role, parts, null, List.of(), null);
    }

    private static List<ToolDefinition> tools(JsonNode tools) {
        if (tools == null || tools.isNull()) {
            return List.of();
        }
        if (!tools.isArray()) {
            throw InvalidRequestException.wrongType("tools", "an array");
        }
        List<ToolDefinition> out = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode t = tools.get(i);
            String at = "tools[" + i + "]";
            if (!"function".equals(t.path("type").asText())) {
                throw InvalidRequestException.badField(at + ".type", "Only function tools are supported (got '"
                        + t.path("type").asText() + "').");
            }
            out.add(new ToolDefinition(text(t, "name", at), t.path("description").isTextual() ? t.get("description").asText()
                    : null, t.get("parameters"), t.path("strict").isBoolean() ? t.get("strict").asBoolean() : null));
        }
        return out;
    }

    private static ToolChoice toolChoice(JsonNode choice) {
        if (choice == null || choice.isNull()) {
            return null;
        }
        if (choice.isTextual()) {
            return switch (choice.asText()) {
                case "auto" -> ToolChoice.AUTO;
                case "none" -> ToolChoice.NONE;
                case "required" -> ToolChoice.REQUIRED;
                default -> throw InvalidRequestException.badField("tool_choice", "Expected auto, none, required or "
                        + "{\"type\": \"function\", \"name\": ...} (got '" + choice.asText() + "').");
            };
        }
        if ("function".equals(choice.path("type").asText()) && choice.path("name").isTextual()) {
            return ToolChoice.function(choice.get("name").asText());
        }
        throw InvalidRequestException.badField("tool_choice", "Expected auto, none, required or {\"type\": \"function\", "
                + "\"name\": ...}.");
    }

    private static ResponseFormat format(JsonNode format) {
        if (format == null || format.isNull()) {
            return null;
        }
        String type = format.path("type").asText("");
        return switch (type) {
            case "text" -> ResponseFormat.TEXT;
            case "json_object" -> ResponseFormat.JSON_OBJECT;
            case "json_schema" -> {
                if (!format.path("schema").isObject()) {
                    throw InvalidRequestException.badField("text.format.schema", "A json_schema format needs a 'schema' object.");
                }
                yield new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, format.path("name").asText("response"),
                        format.get("schema"), format.path("strict").isBoolean() ? format.get("strict").asBoolean() : null);
            }
            default -> throw InvalidRequestException.badField("text.format.type", "Expected text, json_object or "
                    + "json_schema (got '" + type.toLowerCase(Locale.ROOT) + "').");
        };
    }

    private static String text(JsonNode node, String field, String at) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw InvalidRequestException.missing(at + "." + field);
        }
        return v.asText();
    }

    private static Double number(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw InvalidRequestException.wrongType(field, "a number");
        }
        return v.asDouble();
    }

    private static int positiveInt(JsonNode v, String field) {
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
            throw InvalidRequestException.badField(field, "'" + field + "' must be a whole number >= 1.");
        }
        return v.asInt();
    }
}
