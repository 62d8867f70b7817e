package io.routewise.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * One documented call of an operation (OpenAI's {@code x-oaiMeta.examples}).
 *
 * @param title     the example's title ({@code Default}, {@code Streaming}, {@code Functions}...)
 * @param request   the JSON request body, when the example shows one
 * @param responses the response body, or each streamed chunk
 */
public record OperationExample(String title, Optional<JsonNode> request, List<JsonNode> responses) {

    public OperationExample {
        responses = List.copyOf(responses);
    }
}
