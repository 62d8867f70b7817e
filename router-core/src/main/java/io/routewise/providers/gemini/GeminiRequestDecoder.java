package io.routewise.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/**
 * Server side: a Gemini {@code GenerateContentRequest} as a canonical request (what the
 * simulator reads when it impersonates Gemini). Errors name the Gemini field at fault.
 */
final class GeminiRequestDecoder {

    /** Where a tool-call id counter and the calls still waiting for their results live while decoding. */
    private static final class CallTracker {
        int nextIndex;
        List<ToolCall> unanswered = new ArrayList<>();
    }

    private GeminiRequestDecoder() {
    }

    /**
     * @param modelFromPath the model named in the URL ({@code models/x:generateContent}); the
     *                      {@code models/} prefix is optional. The result is never a stream: the
     *                      caller knows from the path and sets it with {@link ChatRequest#withStream}.
     */
    static ChatRequest decode(JsonNode body, String modelFromPath) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException(400, "The request body must be a JSON object (a GenerateContentRequest).",
                    null, "invalid_type");
        }
        String model = modelFromPath != null && !modelFromPath.isBlank() ? modelFromPath : GeminiJson.text(body, "model");
        if (model == null || model.isBlank()) {
            throw InvalidRequestException.missing("model");
        }
        if (model.startsWith("models/")) {
            model = model.substring("models/".length());
        }
        List<Message> messages = new ArrayList<>();
        decodeSystemInstruction(GeminiJson.field(body, "systemInstruction"), messages);
        decodeContents(GeminiJson.field(body, "contents"), messages);
        List<ToolDefinition> tools = decodeTools(GeminiJson.field(body, "tools"));
        ToolChoice toolChoice = decodeToolConfig(GeminiJson.field(body, "toolConfig"));
        JsonNode config = GeminiJson.field(body, "generationConfig");
        if (config != null && !config.isObject()) {
            throw InvalidRequestException.wrongType("generationConfig", "an object");
        }
        JsonNode stops = GeminiJson.field(config, "stopSequences");
        List<String> stop = new ArrayList<>();
        if (stops != null) {
            if (!stops.isArray()) {
                throw InvalidRequestException.wrongType("generationConfig.stopSequences", "an array of strings");
            }
            stops.forEach(s -> stop.add(s.asText()));
        }
        JsonNode candidateCount = GeminiJson.field(config, "candidateCount");
        if (candidateCount != null && candidateCount.asInt(1) != 1) {
            throw InvalidRequestException.badField("generationConfig.candidateCount",
                    "Only one candidate per request is supported; set candidateCount to 1 or leave it out.");
        }
        Double temperature = number(config, "temperature");
        Double topP = number(config, "topP");
        Double maxOutput = number(config, "maxOutputTokens");
        Double seed = number(config, "seed");
        // Gemini reports usage on every generation, streamed or not.
        return ChatRequest.builder(model, messages).tools(tools).toolChoice(toolChoice)
                .responseFormat(decodeResponseFormat(config)).temperature(temperature).topP(topP)
                .maxTokens(maxOutput == null ? null : maxOutput.intValue()).stop(stop)
                .seed(seed == null ? null : seed.longValue()).stream(false, true).build();
    }

    private static Double number(JsonNode config, String field) {
        JsonNode value = GeminiJson.field(config, field);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw InvalidRequestException.wrongType("generationConfig." + field, "a number");
        }
        return value.asDouble();
    }

    private static void decodeSystemInstruction(JsonNode instruction, List<Message> messages) {
        if (instruction == null) {
            return;
        }
        JsonNode parts = GeminiJson.field(instruction, "parts");
        if (parts == null || !parts.isArray()) {
            throw InvalidRequestException.wrongType("systemInstruction.parts", "an array of text parts");
        }
        for (JsonNode part : parts) {
            String text = GeminiJson.text(part, "text");
            if (text != null) {
                messages.add(Message.text(Role.SYSTEM, text));
            }
        }
    }

    private static void decodeContents(JsonNode contents, List<Message> messages) {
        if (contents == null) {
            throw InvalidRequestException.missing("contents");
        }
        if (!contents.isArray()) {
            throw InvalidRequestException.wrongType("contents", "an array of Content objects");
        }
        if (contents.isEmpty()) {
            throw InvalidRequestException.badField("contents", "'contents' must hold at least one Content.");
        }
        CallTracker calls = new CallTracker();
        for (int i = 0; i < contents.size(); i++) {
            JsonNode content = contents.get(i);
            String param = "contents[" + i + "]";
            if (!content.isObject()) {
                throw InvalidRequestException.wrongType(param, "a Content object");
            }
            JsonNode parts = GeminiJson.field(content, "parts");
            if (parts == null) {
                throw InvalidRequestException.missing(param + ".parts");
            }
            if (!parts.isArray()) {
                throw InvalidRequestException.wrongType(param + ".parts", "an array of Part objects");
            }
            String role = GeminiJson.text(content, "role");
            if (role == null || role.equals("user") || role.equals("function")) {
                // "function" is the role older Gemini versions used for results; read it as user.
                decodeUserTurn(parts, param, calls, messages);
            } else if (role.equals("model")) {
                messages.add(decodeModelTurn(parts, param, calls));
            } else {
                throw InvalidRequestException.badField(param + ".role",
                        "Content role must be 'user' or 'model', not '" + role + "'.");
            }
        }
    }

    private static Message decodeModelTurn(JsonNode parts, String param, CallTracker calls) {
        List<ContentPart> content = new ArrayList<>();
        List<ToolCall> toolCalls = new ArrayList<>();
        for (int j = 0; j < parts.size(); j++) {
            JsonNode part = parts.get(j);
            String partParam = param + ".parts[" + j + "]";
            JsonNode call = GeminiJson.field(part, "functionCall");
            if (call != null) {
                String name = requireText(call, "name", partParam + ".functionCall.name");
                JsonNode args = GeminiJson.field(call, "args");
                if (args != null && !args.isObject()) {
                    throw InvalidRequestException.wrongType(partParam + ".functionCall.args", "an object");
                }
                String id = GeminiJson.text(call, "id");
                int index = calls.nextIndex++;
                toolCalls.add(new ToolCall(id != null ? id : GeminiCallIds.synthesize(index, name), name,
                        args == null ? "{}" : GeminiJson.write(args)));
            } else if (part.path("thought").asBoolean(false)) {
                continue; // the model's own thinking, replayed: not part of the answer
            } else {
                content.add(decodeMediaPart(part, partParam));
            }
        }
        calls.unanswered = new ArrayList<>(toolCalls);
        return new Message(Role.ASSISTANT, content, null, toolCalls, null);
    }

    /**
     * A user turn becomes tool messages (one per functionResponse) followed by one user message
     * with the turn's text and images. Tool results go first because the canonical (OpenAI)
     * model requires them right after the assistant message that made the calls.
     */
    private static void decodeUserTurn(JsonNode parts, String param, CallTracker calls, List<Message> messages) {
        List<ContentPart> content = new ArrayList<>();
        for (int j = 0; j < parts.size(); j++) {
            JsonNode part = parts.get(j);
            String partParam = param + ".parts[" + j + "]";
            JsonNode response = GeminiJson.field(part, "functionResponse");
            if (response != null) {
                messages.add(decodeFunctionResponse(response, partParam + ".functionResponse", calls));
            } else if (GeminiJson.field(part, "functionCall") != null) {
                throw InvalidRequestException.badField(partParam + ".functionCall",
                        "Function calls belong in a 'model' turn, not a 'user' turn.");
            } else {
                content.add(decodeMediaPart(part, partParam));
            }
        }
        if (!content.isEmpty()) {
            messages.add(new Message(Role.USER, content, null, List.of(), null));
        }
    }

    private static Message decodeFunctionResponse(JsonNode response, String param, CallTracker calls) {
        String name = requireText(response, "name", param + ".name");
        JsonNode result = GeminiJson.field(response, "response");
        if (result == null) {
            throw InvalidRequestException.missing(param + ".response");
        }
        if (!result.isObject()) {
            throw InvalidRequestException.wrongType(param + ".response", "an object");
        }
        String wantedId = GeminiJson.text(response, "id");
        ToolCall answered = null;
        for (ToolCall call : calls.unanswered) {
            if (wantedId != null ? call.id().equals(wantedId) : call.name().equals(name)) {
                answered = call;
                break;
            }
        }
        if (answered == null) {
            throw InvalidRequestException.badField(param + ".name", "functionResponse '" + name
                    + "' answers no unanswered functionCall of the preceding 'model' turn.");
        }
        calls.unanswered.remove(answered);
        return Message.toolResult(answered.id(), toolResultText((ObjectNode) result));
    }

    /** The inverse of {@link GeminiRequestEncoder#toolResponse}: {@code {"result": "text"}} back to its text. */
    static String toolResultText(ObjectNode response) {
        JsonNode result = response.get("result");
        if (response.size() == 1 && result != null && result.isTextual()) {
            return result.asText();
        }
        return GeminiJson.write(response);
    }

    private static ContentPart decodeMediaPart(JsonNode part, String param) {
        String text = GeminiJson.text(part, "text");
        if (text != null) {
            return new ContentPart.Text(text);
        }
        JsonNode inline = GeminiJson.field(part, "inlineData");
        if (inline != null) {
            String mimeType = requireText(inline, "mimeType", param + ".inlineData.mimeType");
            String data = requireText(inline, "data", param + ".inlineData.data");
            return ContentPart.Image.inline(mimeType, data);
        }
        JsonNode file = GeminiJson.field(part, "fileData");
        if (file != null) {
            return new ContentPart.Image(requireText(file, "fileUri", param + ".fileData.fileUri"), null);
        }
        throw InvalidRequestException.badField(param,
                "Unsupported part: expected text, inlineData, fileData, functionCall or functionResponse.");
    }

    private static List<ToolDefinition> decodeTools(JsonNode tools) {
        List<ToolDefinition> out = new ArrayList<>();
        if (tools == null) {
            return out;
        }
        if (!tools.isArray()) {
            throw InvalidRequestException.wrongType("tools", "an array of Tool objects");
        }
        for (int i = 0; i < tools.size(); i++) {
            JsonNode declarations = GeminiJson.field(tools.get(i), "functionDeclarations");
            if (declarations == null || !declarations.isArray()) {
                throw InvalidRequestException.badField("tools[" + i + "]",
                        "Only function tools are supported: give 'functionDeclarations'.");
            }
            for (int j = 0; j < declarations.size(); j++) {
                JsonNode decl = declarations.get(j);
                String param = "tools[" + i + "].functionDeclarations[" + j + "]";
                String name = requireText(decl, "name", param + ".name");
                JsonNode params = GeminiJson.field(decl, "parameters");
                JsonNode jsonSchema = GeminiJson.field(decl, "parametersJsonSchema");
                JsonNode schema = params != null ? GeminiSchemas.fromGemini(params)
                        : jsonSchema != null ? jsonSchema.deepCopy() : null;
                out.add(new ToolDefinition(name, GeminiJson.text(decl, "description"), schema, null));
            }
        }
        return out;
    }

    private static ToolChoice decodeToolConfig(JsonNode toolConfig) {
        JsonNode config = GeminiJson.field(toolConfig, "functionCallingConfig");
        if (config == null) {
            return null;
        }
        String mode = GeminiJson.text(config, "mode");
        JsonNode allowed = GeminiJson.field(config, "allowedFunctionNames");
        if (mode == null || mode.equals("AUTO") || mode.equals("MODE_UNSPECIFIED") || mode.equals("VALIDATED")) {
            return ToolChoice.AUTO;
        }
        if (mode.equals("NONE")) {
            return ToolChoice.NONE;
        }
        if (mode.equals("ANY")) {
            // One allowed function is OpenAI's "call this function"; several can only be "some tool".
            return allowed != null && allowed.isArray() && allowed.size() == 1
                    ? ToolChoice.function(allowed.get(0).asText()) : ToolChoice.REQUIRED;
        }
        throw InvalidRequestException.badField("toolConfig.functionCallingConfig.mode",
                "Unknown mode '" + mode + "': expected AUTO, ANY or NONE.");
    }

    private static ResponseFormat decodeResponseFormat(JsonNode config) {
        String mimeType = GeminiJson.text(config, "responseMimeType");
        JsonNode schema = GeminiJson.field(config, "responseSchema");
        JsonNode jsonSchema = GeminiJson.field(config, "responseJsonSchema");
        if (schema != null || jsonSchema != null) {
            JsonNode canonical = schema != null ? GeminiSchemas.fromGemini(schema) : jsonSchema.deepCopy();
            return new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, "response", canonical, null);
        }
        if ("application/json".equals(mimeType)) {
            return ResponseFormat.JSON_OBJECT;
        }
        return ResponseFormat.TEXT;
    }

    private static String requireText(JsonNode object, String field, String param) {
        JsonNode value = GeminiJson.field(object, field);
        if (value == null) {
            throw InvalidRequestException.missing(param);
        }
        if (!value.isTextual()) {
            throw InvalidRequestException.wrongType(param, "a string");
        }
        return value.asText();
    }
}
