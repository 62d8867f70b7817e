package io.routewise.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.ContentPart;
import io.routewise.chat.InvalidRequestException;
import io.routewise.chat.Message;
import io.routewise.chat.ResponseFormat;
import io.routewise.chat.Role;
import io.routewise.chat.RoutingOptions;
import io.routewise.chat.ToolCall;
import io.routewise.chat.ToolChoice;
import io.routewise.chat.ToolDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a client's OpenAI chat-completions request strictly: every field the router interprets is
 * type- and range-checked, and the first problem is reported as an {@link InvalidRequestException}
 * whose {@code param} is the OpenAI-style path of the field ({@code messages[2].content[0].text}).
 * Top-level fields the router does not interpret are kept in {@link ChatRequest#extra()}.
 *
 * <p>Explicit JSON {@code null} on an optional field means "not given", as OpenAI treats it.
 */
final class OpenAiRequestParser {

    /** The longest model id accepted (and so ever echoed in an error or written to a log line). */
    static final int MAX_MODEL_CHARS = 256;

    /** Top-level fields read here; everything else passes through in {@code extra}. */
    private static final Set<String> KNOWN = Set.of("model", "messages", "tools", "tool_choice", "response_format",
            "temperature", "top_p", "max_tokens", "max_completion_tokens", "stop", "seed", "user", "stream",
            "stream_options", "routewise");

    private static final Set<String> ROUTEWISE_OPTIONS =
            Set.of("quality_target", "quality_margin", "usd_per_quality_point", "max_cost_usd", "latency_budget_ms", "pool");
    private static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final int MAX_STOP_SEQUENCES = 4;

    private OpenAiRequestParser() {
    }

    static ChatRequest parse(JsonNode body, String modelFromPath) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException(400,
                    "The request body must be a JSON object with 'model' and 'messages'.", null, "invalid_type");
        }
        String model = modelFromPath != null && !body.hasNonNull("model")
                ? modelFromPath : requiredString(body, "model", "model");
        if (model.isBlank()) {
            throw InvalidRequestException.badField("model", "'model' must not be empty; use \"auto\" to let Routewise choose.");
        }
        if (model.length() > MAX_MODEL_CHARS) {
            // Never echoed or logged whole: a 1 MB name would otherwise land in the 404 body and twice in the log.
            throw InvalidRequestException.badField("model", "'model' is " + model.length() + " characters long; model ids "
                    + "have at most " + MAX_MODEL_CHARS + ".");
        }
        List<Message> messages = messages(body.get("messages"));
        List<ToolDefinition> tools = tools(body.get("tools"));
        ToolChoice toolChoice = toolChoice(body.get("tool_choice"), tools);
        ResponseFormat responseFormat = responseFormat(body.get("response_format"));
        Double temperature = number(body, "temperature", "temperature", 0, 2);
        Double topP = number(body, "top_p", "top_p", 0, 1);
        Integer maxTokens = positiveInt(body, "max_tokens", "max_tokens");
        Integer maxCompletionTokens = positiveInt(body, "max_completion_tokens", "max_completion_tokens");
        List<String> stop = stop(body.get("stop"));
        Long seed = integer(body, "seed", "seed");
        String user = optionalString(body, "user", "user");
        boolean stream = bool(body, "stream", "stream", false);
        boolean includeUsage = streamOptions(body.get("stream_options"), stream);
        RoutingOptions routing = routing(body.get("routewise"));

        Map<String, JsonNode> extra = new HashMap<>();
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (!KNOWN.contains(field.getKey())) {
                extra.put(field.getKey(), field.getValue());
            }
        }
        // max_completion_tokens is OpenAI's newer name; it wins when a client sends both.
        Integer cap = maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
        return new ChatRequest(model, messages, tools, toolChoice, responseFormat, temperature, topP, cap, stop, seed,
                user, stream, includeUsage, routing, extra);
    }

    // ---- messages ------------------------------------------------------------------------------

    private static List<Message> messages(JsonNode node) {
        if (node == null || node.isNull()) {
            throw InvalidRequestException.missing("messages");
        }
        if (!node.isArray()) {
            throw InvalidRequestException.wrongType("messages", "an array of message objects");
        }
        if (node.isEmpty()) {
            throw new InvalidRequestException(400,
                    "Invalid 'messages': empty array. Expected an array with at least one message.", "messages",
                    "empty_array");
        }
        List<Message> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(message(node.get(i), "messages[" + i + "]"));
        }
        return out;
    }

    private static Message message(JsonNode node, String path) {
        if (!node.isObject()) {
            throw InvalidRequestException.wrongType(path, "an object");
        }
        String roleName = requiredString(node, "role", path + ".role");
        Role role = Role.fromWire(roleName);
        if (role == null) {
            throw InvalidRequestException.badField(path + ".role", "Invalid value: '" + roleName
                    + "'. Supported values are: 'system', 'developer', 'user', 'assistant', and 'tool'.");
        }
        String name = optionalString(node, "name", path + ".name");
        List<ToolCall> toolCalls = List.of();
        if (node.hasNonNull("tool_calls")) {
            if (role != Role.ASSISTANT) {
                throw InvalidRequestException.badField(path + ".tool_calls",
                        "'tool_calls' is only allowed on messages with role 'assistant'.");
            }
            toolCalls = toolCalls(node.get("tool_calls"), path + ".tool_calls");
        }
        String toolCallId = null;
        if (role == Role.TOOL) {
            toolCallId = requiredString(node, "tool_call_id", path + ".tool_call_id");
            if (toolCallId.isEmpty()) {
                throw InvalidRequestException.badField(path + ".tool_call_id", "'tool_call_id' must not be empty.");
            }
        }
        List<ContentPart> content = content(node, role, !toolCalls.isEmpty(), path);
        return new Message(role, content, name, toolCalls, toolCallId);
    }

    private static List<ContentPart> content(JsonNode message, Role role, boolean hasToolCalls, String path) {
        String contentPath = path + ".content";
        JsonNode node = message.get("content");
        if (node == null || node.isNull()) {
            if (role == Role.ASSISTANT && (hasToolCalls || message.hasNonNull("refusal"))) {
                return message.hasNonNull("refusal")
                        ? List.of(new ContentPart.Text(message.get("refusal").asText())) : List.of();
            }
            if (node == null) {
                throw InvalidRequestException.missing(contentPath);
            }
            throw InvalidRequestException.wrongType(contentPath, "a string or an array of content parts");
        }
        if (node.isTextual()) {
            return List.of(new ContentPart.Text(node.textValue()));
        }
        if (!node.isArray()) {
            throw InvalidRequestException.wrongType(contentPath, "a string or an array of content parts");
        }
        if (node.isEmpty() && role != Role.ASSISTANT) {
            throw new InvalidRequestException(400, "Invalid '" + contentPath
                    + "': empty array. Expected at least one content part.", contentPath, "empty_array");
        }
        List<ContentPart> parts = new ArrayList<>(node.size());
        for (int j = 0; j < node.size(); j++) {
            parts.add(part(node.get(j), role, contentPath + "[" + j + "]"));
        }
        return parts;
    }

    private static ContentPart part(JsonNode node, Role role, String path) {
        if (!node.isObject()) {
            throw InvalidRequestException.wrongType(path, "a content part object");
        }
        String type = requiredString(node, "type", path + ".type");
        switch (type) {
            case "text":
                return new ContentPart.Text(requiredString(node, "text", path + ".text"));
            case "refusal":
                if (role != Role.ASSISTANT) {
                    throw unsupportedPart(path, type, role);
                }
                return new ContentPart.Text(requiredString(node, "refusal", path + ".refusal"));
            case "image_url":
                if (role != Role.USER) {
                    throw unsupportedPart(path, type, role);
                }
                return image(node.get("image_url"), path + ".image_url");
            default:
                throw InvalidRequestException.badField(path + ".type", "Invalid value: '" + type
                        + "'. Routewise supports content parts of type 'text' and 'image_url'.");
        }
    }

    private static InvalidRequestException unsupportedPart(String path, String type, Role role) {
        return InvalidRequestException.badField(path + ".type",
                "Content parts of type '" + type + "' are not allowed in messages with role '" + role.wireName() + "'.");
    }

    private static ContentPart.Image image(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            throw InvalidRequestException.missing(path);
        }
        if (!node.isObject()) {
            throw InvalidRequestException.wrongType(path, "an object with 'url'");
        }
        String url = requiredString(node, "url", path + ".url");
        if (!url.startsWith("https://") && !url.startsWith("http://") && !url.startsWith("data:")) {
            throw InvalidRequestException.badField(path + ".url",
                    "Expected an http(s) URL or a base64 'data:' URL for the image.");
        }
        String detail = optionalString(node, "detail", path + ".detail");
        if (detail != null && !detail.equals("auto") && !detail.equals("low") && !detail.equals("high")) {
            throw InvalidRequestException.badField(path + ".detail",
                    "Invalid value: '" + detail + "'. Supported values are: 'auto', 'low', and 'high'.");
        }
        return new ContentPart.Image(url, detail);
    }

    private static List<ToolCall> toolCalls(JsonNode node, String path) {
        if (!node.isArray()) {
            throw InvalidRequestException.wrongType(path, "an array of tool calls");
        }
        List<ToolCall> calls = new ArrayList<>(node.size());
        for (int k = 0; k < node.size(); k++) {
            String callPath = path + "[" + k + "]";
            JsonNode call = node.get(k);
            if (!call.isObject()) {
                throw InvalidRequestException.wrongType(callPath, "an object");
            }
            String id = requiredString(call, "id", callPath + ".id");
            String type = requiredString(call, "type", callPath + ".type");
            if (!type.equals("function")) {
                throw InvalidRequestException.badField(callPath + ".type",
                        "Invalid value: '" + type + "'. Supported values are: 'function'.");
            }
            JsonNode function = requiredObject(call, "function", callPath + ".function");
            String name = requiredString(function, "name", callPath + ".function.name");
            String arguments = requiredString(function, "arguments", callPath + ".function.arguments");
            calls.add(new ToolCall(id, name, arguments));
        }
        return calls;
    }

    // ---- tools ---------------------------------------------------------------------------------

    private static List<ToolDefinition> tools(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw InvalidRequestException.wrongType("tools", "an array of tool objects");
        }
        List<ToolDefinition> tools = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String path = "tools[" + i + "]";
            JsonNode tool = node.get(i);
            if (!tool.isObject()) {
                throw InvalidRequestException.wrongType(path, "an object");
            }
            String type = requiredString(tool, "type", path + ".type");
            if (!type.equals("function")) {
                throw InvalidRequestException.badField(path + ".type",
                        "Invalid value: '" + type + "'. Supported values are: 'function'.");
            }
            JsonNode function = requiredObject(tool, "function", path + ".function");
            String name = requiredString(function, "name", path + ".function.name");
            if (!FUNCTION_NAME.matcher(name).matches()) {
                throw InvalidRequestException.badField(path + ".function.name", "Invalid function name '" + name
                        + "': use 1 to 64 letters, digits, underscores or dashes.");
            }
            String description = optionalString(function, "description", path + ".function.description");
            JsonNode parameters = function.get("parameters");
            if (parameters != null && parameters.isNull()) {
                parameters = null;
            }
            if (parameters != null && !parameters.isObject()) {
                throw InvalidRequestException.wrongType(path + ".function.parameters", "a JSON Schema object");
            }
            if (parameters != null) {
                SchemaTypes.check(parameters, path + ".function.parameters");
            }
            Boolean strict = optionalBool(function, "strict", path + ".function.strict");
            tools.add(new ToolDefinition(name, description, parameters, strict));
        }
        return tools;
    }

    private static ToolChoice toolChoice(JsonNode node, List<ToolDefinition> tools) {
        if (node == null || node.isNull()) {
            return null;
        }
        ToolChoice choice;
        if (node.isTextual()) {
            switch (node.textValue()) {
                case "auto":
                    choice = ToolChoice.AUTO;
                    break;
                case "none":
                    choice = ToolChoice.NONE;
                    break;
                case "required":
                    choice = ToolChoice.REQUIRED;
                    break;
                default:
                    throw InvalidRequestException.badField("tool_choice", "Invalid value: '" + node.textValue()
                            + "'. Supported values are: 'none', 'auto', 'required', or an object naming a function.");
            }
        } else if (node.isObject()) {
            String type = requiredString(node, "type", "tool_choice.type");
            if (!type.equals("function")) {
                throw InvalidRequestException.badField("tool_choice.type",
                        "Invalid value: '" + type + "'. Supported values are: 'function'.");
            }
            JsonNode function = requiredObject(node, "function", "tool_choice.function");
            String name = requiredString(function, "name", "tool_choice.function.name");
            if (tools.stream().noneMatch(t -> t.name().equals(name))) {
                throw InvalidRequestException.badField("tool_choice.function.name",
                        "'tool_choice' names function '" + name + "', which is not among 'tools'.");
            }
            choice = ToolChoice.function(name);
        } else {
            throw InvalidRequestException.wrongType("tool_choice", "a string or an object");
        }
        if (tools.isEmpty() && choice.mode() != ToolChoice.Mode.NONE && choice.mode() != ToolChoice.Mode.AUTO) {
            throw InvalidRequestException.badField("tool_choice",
                    "'tool_choice' requires 'tools' to be specified.");
        }
        return choice;
    }

    // ---- response format -----------------------------------------------------------------------

    static ResponseFormat responseFormat(JsonNode node) {
        if (node == null || node.isNull()) {
            return ResponseFormat.TEXT;
        }
        if (!node.isObject()) {
            throw InvalidRequestException.wrongType("response_format", "an object with 'type'");
        }
        String type = requiredString(node, "type", "response_format.type");
        switch (type) {
            case "text":
                return ResponseFormat.TEXT;
            case "json_object":
                return ResponseFormat.JSON_OBJECT;
            case "json_schema":
                JsonNode spec = requiredObject(node, "json_schema", "response_format.json_schema");
                String name = requiredString(spec, "name", "response_format.json_schema.name");
                if (!FUNCTION_NAME.matcher(name).matches()) {
                    throw InvalidRequestException.badField("response_format.json_schema.name", "Invalid schema name '"
                            + name + "': use 1 to 64 letters, digits, underscores or dashes.");
                }
                JsonNode schema = spec.get("schema");
                if (schema != null && schema.isNull()) {
                    schema = null;
                }
                if (schema != null && !schema.isObject()) {
                    throw InvalidRequestException.wrongType("response_format.json_schema.schema", "a JSON Schema object");
                }
                Boolean strict = optionalBool(spec, "strict", "response_format.json_schema.strict");
                return new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, name, schema, strict);
            default:
                throw InvalidRequestException.badField("response_format.type", "Invalid value: '" + type
                        + "'. Supported values are: 'text', 'json_object', and 'json_schema'.");
        }
    }

    // ---- sampling and streaming ------------------------------------------------------------------

    private static List<String> stop(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.isTextual()) {
            return List.of(node.textValue());
        }
        if (!node.isArray()) {
            throw InvalidRequestException.wrongType("stop", "a string or an array of strings");
        }
        if (node.size() > MAX_STOP_SEQUENCES) {
            throw InvalidRequestException.badField("stop",
                    "At most " + MAX_STOP_SEQUENCES + " stop sequences are allowed; got " + node.size() + ".");
        }
        List<String> stop = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw InvalidRequestException.wrongType("stop[" + i + "]", "a string");
            }
            stop.add(node.get(i).textValue());
        }
        return stop;
    }

    private static boolean streamOptions(JsonNode node, boolean stream) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isObject()) {
            throw InvalidRequestException.wrongType("stream_options", "an object");
        }
        if (!stream) {
            throw InvalidRequestException.badField("stream_options",
                    "'stream_options' is only allowed when 'stream' is true.");
        }
        return bool(node, "include_usage", "stream_options.include_usage", false);
    }

    private static RoutingOptions routing(JsonNode node) {
        if (node == null || node.isNull()) {
            return RoutingOptions.NONE;
        }
        if (!node.isObject()) {
            throw InvalidRequestException.wrongType("routewise", "an object");
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String field = entry.getKey();
            if (!ROUTEWISE_OPTIONS.contains(field)) {
                throw InvalidRequestException.badField("routewise." + field, "Unknown Routewise option '" + field
                        + "'. Supported: quality_target, quality_margin, usd_per_quality_point, max_cost_usd, latency_budget_ms, pool.");
            }
        }
        Double quality = number(node, "quality_target", "routewise.quality_target", 0, 1);
        Double margin = number(node, "quality_margin", "routewise.quality_margin", 0, 1);
        Double price = number(node, "usd_per_quality_point", "routewise.usd_per_quality_point", 0, Double.MAX_VALUE);
        if (price != null && price == 0) {
            throw InvalidRequestException.badField("routewise.usd_per_quality_point",
                    "Invalid 'routewise.usd_per_quality_point': 0 is out of range; expected a number greater than 0.");
        }
        Double maxCost = number(node, "max_cost_usd", "routewise.max_cost_usd", 0, Double.MAX_VALUE);
        Long latency = integer(node, "latency_budget_ms", "routewise.latency_budget_ms");
        if (latency != null && latency <= 0) {
            throw InvalidRequestException.badField("routewise.latency_budget_ms",
                    "'routewise.latency_budget_ms' must be a positive number of milliseconds.");
        }
        String pool = optionalString(node, "pool", "routewise.pool");
        if (pool != null && !pool.equals("interactive") && !pool.equals("batch")) {
            throw InvalidRequestException.badField("routewise.pool",
                    "Invalid value: '" + pool + "'. Supported values are: 'interactive' and 'batch'.");
        }
        return new RoutingOptions(quality, maxCost, latency, pool, margin, price);
    }

    // ---- typed field readers ---------------------------------------------------------------------

    private static String requiredString(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw InvalidRequestException.missing(path);
        }
        if (!node.isTextual()) {
            throw InvalidRequestException.wrongType(path, "a string");
        }
        return node.textValue();
    }

    private static String optionalString(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw InvalidRequestException.wrongType(path, "a string");
        }
        return node.textValue();
    }

    private static JsonNode requiredObject(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw InvalidRequestException.missing(path);
        }
        if (!node.isObject()) {
            throw InvalidRequestException.wrongType(path, "an object");
        }
        return node;
    }

    private static boolean bool(JsonNode parent, String field, String path, boolean absent) {
        Boolean value = optionalBool(parent, field, path);
        return value == null ? absent : value;
    }

    private static Boolean optionalBool(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw InvalidRequestException.wrongType(path, "a boolean");
        }
        return node.booleanValue();
    }

    private static Double number(JsonNode parent, String field, String path, double min, double max) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw InvalidRequestException.wrongType(path, "a number");
        }
        double value = node.doubleValue();
        if (!(value >= min && value <= max)) {
            String range = max == Double.MAX_VALUE ? "at least " + fmt(min) : "between " + fmt(min) + " and " + fmt(max);
            throw InvalidRequestException.badField(path,
                    "Invalid '" + path + "': " + node.asText() + " is out of range; expected a number " + range + ".");
        }
        return value;
    }

    private static Long integer(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw InvalidRequestException.wrongType(path, "an integer");
        }
        return node.longValue();
    }

    private static Integer positiveInt(JsonNode parent, String field, String path) {
        Long value = integer(parent, field, path);
        if (value == null) {
            return null;
        }
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw InvalidRequestException.badField(path,
                    "Invalid '" + path + "': " + value + "; expected a positive integer.");
        }
        return value.intValue();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
