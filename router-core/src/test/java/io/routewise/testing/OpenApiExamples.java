package io.routewise.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The examples an OpenAPI document carries: on component schemas ({@code example},
 * {@code examples}, and OpenAI's {@code x-oaiMeta.example}) and on operations (OpenAI's
 * {@code x-oaiMeta.examples}, each a curl request and a response). Payloads given as text are
 * parsed; a streamed response given as several JSON documents separated by blank lines yields
 * each document. Text that is not JSON (elisions such as {@code ....}) is skipped.
 */
final class OpenApiExamples {

    private static final ObjectReader STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).reader();

    private final Map<String, List<JsonNode>> bySchema = new HashMap<>();
    private final Map<String, List<OperationExample>> byOperation = new HashMap<>();

    OpenApiExamples(JsonNode openApi) {
        openApi.path("components").path("schemas").fields().forEachRemaining(e -> {
            List<JsonNode> found = schemaExamples(e.getValue());
            if (!found.isEmpty()) {
                bySchema.put(e.getKey(), List.copyOf(found));
            }
        });
        openApi.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            List<OperationExample> found = operationExamples(op.getValue());
            if (!found.isEmpty()) {
                byOperation.put(key(op.getKey(), path.getKey()), List.copyOf(found));
            }
        }));
    }

    List<JsonNode> forSchema(String schemaName) {
        return bySchema.getOrDefault(schemaName, List.of());
    }

    Map<String, List<JsonNode>> allSchemaExamples() {
        return Map.copyOf(bySchema);
    }

    List<OperationExample> forOperation(String method, String template) {
        return byOperation.getOrDefault(key(method, template), List.of());
    }

    private static String key(String method, String template) {
        return method.toUpperCase(java.util.Locale.ROOT) + " " + template;
    }

    private static List<JsonNode> schemaExamples(JsonNode schema) {
        List<JsonNode> found = new ArrayList<>();
        if (schema.has("example")) {
            found.add(schema.get("example"));
        }
        schema.path("examples").forEach(found::add);
        JsonNode meta = schema.path("x-oaiMeta").path("example");
        if (meta.isTextual()) {
            found.addAll(documents(meta.asText()));
        } else if (meta.isObject()) {
            found.add(meta);
        }
        return found;
    }

    private static List<OperationExample> operationExamples(JsonNode operation) {
        JsonNode examples = operation.path("x-oaiMeta").path("examples");
        List<OperationExample> found = new ArrayList<>();
        List<JsonNode> list = new ArrayList<>();
        if (examples.isArray()) {
            examples.forEach(list::add);
        } else if (examples.isObject()) {
            list.add(examples);
        }
        for (JsonNode example : list) {
            Optional<JsonNode> request = curlBody(example.path("request").path("curl").asText(""));
            JsonNode response = example.path("response");
            List<JsonNode> responses = response.isTextual() ? documents(response.asText())
                    : response.isMissingNode() ? List.of() : List.of(response);
            found.add(new OperationExample(example.path("title").asText("untitled"), request, responses));
        }
        return found;
    }

    /** The JSON body of a documented curl command ({@code -d '...'}), when it has one. */
    static Optional<JsonNode> curlBody(String curl) {
        int start = curl.indexOf("-d '");
        int end = curl.lastIndexOf('\'');
        if (start < 0 || end <= start + 4) {
            return Optional.empty();
        }
        String body = curl.substring(start + 4, end).replace("'\\''", "'");
        return parse(body);
    }

    /** One JSON document, or each blank-line-separated one, skipping what is not JSON. */
    static List<JsonNode> documents(String text) {
        Optional<JsonNode> whole = parse(text);
        if (whole.isPresent()) {
            return List.of(whole.get());
        }
        List<JsonNode> found = new ArrayList<>();
        for (String paragraph : text.split("\\n\\s*\\n")) {
            parse(paragraph).ifPresent(found::add);
        }
        return found;
    }

    private static Optional<JsonNode> parse(String text) {
        try {
            JsonNode node = STRICT.readTree(text);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (JsonProcessingException e) {
            return Optional.empty(); // an elision or prose: not an example document
        }
    }
}
