package io.routewise.providers.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.ContentPart;
import io.routewise.chat.InvalidRequestException;
import io.routewise.chat.Message;
import io.routewise.chat.ResponseFormat;
import io.routewise.chat.ToolCall;
import io.routewise.chat.ToolChoice;
import io.routewise.chat.ToolDefinition;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Client side: a canonical request as a Gemini {@code GenerateContentRequest} body. */
final class GeminiRequestEncoder {

    /**
     * Gemini 3 rejects a replayed {@code functionCall} part without the opaque thought signature
     * it issued, which the canonical model has no place to keep. Google documents this value for
     * history that did not come from Gemini (or lost its signatures); other models ignore it.
     */
    static final String SKIP_SIGNATURE = "skip_thought_signature_validator";

    private static final Map<String, String> MIME_BY_EXTENSION = Map.of(
            "png", "image/png", "jpg", "image/jpeg", "jpeg", "image/jpeg", "gif", "image/gif",
            "webp", "image/webp", "heic", "image/heic", "heif", "image/heif", "pdf", "application/pdf");

    private GeminiRequestEncoder() {
    }

    static ObjectNode encode(ChatRequest request) {
        ObjectNode body = GeminiJson.MAPPER.createObjectNode();
        ArrayNode system = GeminiJson.MAPPER.createArrayNode();
        ArrayNode contents = encodeContents(request.messages(), system);
        if (!system.isEmpty()) {
            body.putObject("systemInstruction").set("parts", system);
        }
        body.set("contents", contents);
        if (request.usesTools()) {
            body.set("tools", encodeTools(request.tools()));
            if (request.toolChoice() != null) {
                body.putObject("toolConfig").set("functionCallingConfig", encodeToolChoice(request.toolChoice()));
            }
        }
        ObjectNode config = encodeGenerationConfig(request);
        if (!config.isEmpty()) {
            body.set("generationConfig", config);
        }
        return body;
    }

    /** The conversation as Gemini contents; system and developer text goes to {@code system}. */
    private static ArrayNode encodeContents(List<Message> messages, ArrayNode system) {
        ArrayNode contents = GeminiJson.MAPPER.createArrayNode();
        Map<String, String> functionNameByCallId = new HashMap<>();
        String lastRole = null;
        ArrayNode lastParts = null;
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            String param = "messages[" + i + "]";
            ArrayNode parts = GeminiJson.MAPPER.createArrayNode();
            String role;
            switch (m.role()) {
                case SYSTEM, DEVELOPER -> {
                    addTextParts(m, system);
                    continue;
                }
                case USER -> {
                    role = "user";
                    addContentParts(m, parts, param);
                }
                case ASSISTANT -> {
                    role = "model";
                    addContentParts(m, parts, param);
                    for (int j = 0; j < m.toolCalls().size(); j++) {
                        ToolCall call = m.toolCalls().get(j);
                        functionNameByCallId.put(call.id(), call.name());
                        ObjectNode part = parts.addObject();
                        ObjectNode fc = part.putObject("functionCall");
                        fc.put("name", call.name());
                        fc.set("args", parseArguments(call.arguments(),
                                param + ".tool_calls[" + j + "].function.arguments"));
                        part.put("thoughtSignature", SKIP_SIGNATURE);
                    }
                }
                case TOOL -> {
                    // Content.role "must be either 'user' or 'model'" in v1beta; the old "function"
                    // role is gone, so a function's result is a user turn with a functionResponse part.
                    role = "user";
                    String name = functionNameByCallId.get(m.toolCallId());
                    if (name == null) {
                        throw InvalidRequestException.badField(param + ".tool_call_id",
                                "Tool message refers to call id '" + m.toolCallId()
                                        + "', which no earlier assistant message made; Gemini needs the function name.");
                    }
                    ObjectNode fr = parts.addObject().putObject("functionResponse");
                    fr.put("name", name);
                    fr.set("response", toolResponse(m.text()));
                }
                default -> throw new IllegalStateException("unhandled role " + m.role());
            }
            if (parts.isEmpty()) {
                continue; // Gemini rejects a turn without parts (e.g. an empty assistant message)
            }
            if (role.equals(lastRole)) {
                lastParts.addAll(parts); // Gemini wants turns to alternate: merge same-role neighbours
            } else {
                ObjectNode content = contents.addObject();
                content.put("role", role);
                lastParts = content.putArray("parts");
                lastParts.addAll(parts);
                lastRole = role;
            }
        }
        return contents;
    }

    private static void addTextParts(Message m, ArrayNode parts) {
        for (ContentPart part : m.content()) {
            if (part instanceof ContentPart.Text t && !t.text().isEmpty()) {
                parts.addObject().put("text", t.text());
            }
        }
    }

    private static void addContentParts(Message m, ArrayNode parts, String param) {
        for (int k = 0; k < m.content().size(); k++) {
            ContentPart part = m.content().get(k);
            if (part instanceof ContentPart.Text t) {
                if (!t.text().isEmpty()) {
                    parts.addObject().put("text", t.text());
                }
            } else if (part instanceof ContentPart.Image image) {
                parts.add(encodeImage(image, param + ".content[" + k + "].image_url"));
            }
        }
    }

    private static ObjectNode encodeImage(ContentPart.Image image, String param) {
        ObjectNode part = GeminiJson.MAPPER.createObjectNode();
        ContentPart.InlineData inline = image.dataUrl();
        if (inline != null) {
            ObjectNode blob = part.putObject("inlineData");
            blob.put("mimeType", inline.mediaType());
            blob.put("data", inline.base64());
        } else if (image.url().startsWith("data:")) {
            throw InvalidRequestException.badField(param,
                    "Image data URLs must be base64 encoded (data:<media type>;base64,<data>).");
        } else {
            ObjectNode file = part.putObject("fileData");
            file.put("mimeType", guessMimeType(image.url()));
            file.put("fileUri", image.url());
        }
        return part;
    }

    /** The media type a URL's file extension suggests; JPEG when it says nothing. */
    static String guessMimeType(String url) {
        String path = url;
        int cut = indexOfAny(path, '?', '#');
        if (cut >= 0) {
            path = path.substring(0, cut);
        }
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        if (dot <= slash) {
            return "image/jpeg";
        }
        return MIME_BY_EXTENSION.getOrDefault(path.substring(dot + 1).toLowerCase(Locale.ROOT), "image/jpeg");
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : (j < 0 ? i : Math.min(i, j));
    }

    /** A call's arguments text as the object Gemini wants. */
    private static JsonNode parseArguments(String arguments, String param) {
        if (arguments == null || arguments.isBlank()) {
            return GeminiJson.MAPPER.createObjectNode();
        }
        JsonNode args;
        try {
            args = GeminiJson.MAPPER.readTree(arguments);
        } catch (JsonProcessingException e) {
            throw InvalidRequestException.badField(param, "Tool call arguments are not valid JSON: "
                    + e.getOriginalMessage());
        }
        if (!args.isObject()) {
            throw InvalidRequestException.badField(param, "Tool call arguments must be a JSON object.");
        }
        return args;
    }

    /**
     * A tool result as Gemini's {@code response} object: a JSON object result is sent as is,
     * anything else (plain text, a number, an array) as {@code {"result": text}}.
     */
    static ObjectNode toolResponse(String text) {
        String trimmed = text.trim();
        if (trimmed.startsWith("{")) {
            try {
                JsonNode parsed = GeminiJson.MAPPER.readTree(trimmed);
                if (parsed.isObject()) {
                    return (ObjectNode) parsed;
                }
            } catch (JsonProcessingException notJson) {
                // Text that merely starts with a brace is still text: wrap it below.
            }
        }
        ObjectNode wrapped = GeminiJson.MAPPER.createObjectNode();
        wrapped.put("result", text);
        return wrapped;
    }

    private static ArrayNode encodeTools(List<ToolDefinition> tools) {
        ArrayNode out = GeminiJson.MAPPER.createArrayNode();
        ArrayNode declarations = out.addObject().putArray("functionDeclarations");
        for (int i = 0; i < tools.size(); i++) {
            ToolDefinition tool = tools.get(i);
            ObjectNode decl = declarations.addObject();
            decl.put("name", tool.name());
            if (tool.description() != null) {
                decl.put("description", tool.description());
            }
            if (tool.parameters() != null) {
                ObjectNode params = GeminiSchemas.toGemini(tool.parameters(),
                        "tools[" + i + "].function.parameters");
                // Gemini rejects an OBJECT without properties ("should be non-empty for OBJECT
                // type"); a function that takes no arguments simply has no parameters.
                boolean noArguments = "OBJECT".equals(params.path("type").asText())
                        && params.path("properties").isEmpty();
                if (!noArguments && !params.isEmpty()) {
                    decl.set("parameters", params);
                }
            }
        }
        return out;
    }

    private static ObjectNode encodeToolChoice(ToolChoice choice) {
        ObjectNode config = GeminiJson.MAPPER.createObjectNode();
        switch (choice.mode()) {
            case AUTO -> config.put("mode", "AUTO");
            case NONE -> config.put("mode", "NONE");
            case REQUIRED -> config.put("mode", "ANY");
            case FUNCTION -> {
                config.put("mode", "ANY");
                config.putArray("allowedFunctionNames").add(choice.functionName());
            }
            default -> throw new IllegalStateException("unhandled tool choice " + choice.mode());
        }
        return config;
    }

    /** Gemini's seed is an int32; a larger OpenAI seed is folded into that range, deterministically. */
    static int int32Seed(long seed) {
        return seed == (int) seed ? (int) seed : (int) (seed ^ (seed >>> 32));
    }

    private static ObjectNode encodeGenerationConfig(ChatRequest request) {
        ObjectNode config = GeminiJson.MAPPER.createObjectNode();
        if (request.temperature() != null) {
            config.put("temperature", request.temperature());
        }
        if (request.topP() != null) {
            config.put("topP", request.topP());
        }
        if (request.maxTokens() != null) {
            config.put("maxOutputTokens", request.maxTokens());
        }
        if (!request.stop().isEmpty()) {
            ArrayNode stops = config.putArray("stopSequences");
            request.stop().forEach(stops::add);
        }
        if (request.seed() != null) {
            config.put("seed", int32Seed(request.seed()));
        }
        ResponseFormat format = request.responseFormat();
        if (format.wantsJson()) {
            config.put("responseMimeType", "application/json");
            if (format.type() == ResponseFormat.Type.JSON_SCHEMA && format.schema() != null) {
                config.set("responseSchema",
                        GeminiSchemas.toGemini(format.schema(), "response_format.json_schema.schema"));
            }
        }
        return config;
    }
}
