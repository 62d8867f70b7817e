package io.routewise.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One operation (method + path template) of an OpenAPI document, with what a conformance test
 * needs from it.
 *
 * @param method          the HTTP method, upper case
 * @param template        the path template as the spec writes it ({@code /v1beta/models/{model}:generateContent})
 * @param queryParameters the names of its query parameters (operation- and path-level)
 * @param requestSchema   the component schema of its JSON request body, when it names one
 * @param responseSchema  the component schema of its JSON 200 response, when it names one
 */
public record OpenApiOperation(String method, String template, Set<String> queryParameters,
                               Optional<String> requestSchema, Optional<String> responseSchema) {

    private static final String SCHEMA_REF = "#/components/schemas/";
    private static final String PARAMETER_REF = "#/components/parameters/";

    public OpenApiOperation {
        queryParameters = Set.copyOf(queryParameters);
    }

    /** The operation whose template matches {@code path} (its query string ignored), if any. */
    static Optional<OpenApiOperation> find(JsonNode openApi, String method, String path) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        String verb = method.toLowerCase(Locale.ROOT);
        for (var it = openApi.path("paths").fields(); it.hasNext(); ) {
            var entry = it.next();
            JsonNode operation = entry.getValue().get(verb);
            if (operation != null && templatePattern(entry.getKey()).matcher(bare).matches()) {
                return Optional.of(describe(openApi, method, entry.getKey(), entry.getValue(), operation));
            }
        }
        return Optional.empty();
    }

    /** A template's {@code {name}} segments match one or more characters other than / and :. */
    private static Pattern templatePattern(String template) {
        StringBuilder regex = new StringBuilder();
        int at = 0;
        while (at < template.length()) {
            int open = template.indexOf('{', at);
            int close = open < 0 ? -1 : template.indexOf('}', open);
            if (open < 0 || close < 0) {
                regex.append(Pattern.quote(template.substring(at)));
                break;
            }
            regex.append(Pattern.quote(template.substring(at, open))).append("[^/:]+");
            at = close + 1;
        }
        return Pattern.compile(regex.toString());
    }

    private static OpenApiOperation describe(JsonNode openApi, String method, String template, JsonNode pathItem,
                                             JsonNode operation) {
        Set<String> query = new TreeSet<>();
        for (JsonNode list : new JsonNode[] {pathItem.path("parameters"), operation.path("parameters")}) {
            for (JsonNode parameter : list) {
                JsonNode resolved = resolveParameter(openApi, parameter);
                if (resolved.path("in").asText().equals("query")) {
                    query.add(resolved.path("name").asText());
                }
            }
        }
        Optional<String> request = schemaName(operation.path("requestBody").path("content"));
        Optional<String> response = schemaName(operation.path("responses").path("200").path("content"));
        return new OpenApiOperation(method.toUpperCase(Locale.ROOT), template, query, request, response);
    }

    private static JsonNode resolveParameter(JsonNode openApi, JsonNode parameter) {
        String ref = parameter.path("$ref").asText("");
        if (ref.startsWith(PARAMETER_REF)) {
            return openApi.path("components").path("parameters").path(ref.substring(PARAMETER_REF.length()));
        }
        return parameter;
    }

    private static Optional<String> schemaName(JsonNode content) {
        String ref = content.path("application/json").path("schema").path("$ref").asText("");
        return ref.startsWith(SCHEMA_REF) ? Optional.of(ref.substring(SCHEMA_REF.length())) : Optional.empty();
    }
}
