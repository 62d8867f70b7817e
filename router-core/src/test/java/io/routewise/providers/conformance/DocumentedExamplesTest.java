package io.routewise.providers.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.ChatResponse;
import io.routewise.chat.StreamEvent;
import io.routewise.providers.ProviderException;
import io.routewise.providers.SseFrame;
import io.routewise.providers.StreamDecoder;
import io.routewise.providers.ApiCodec;
import io.routewise.providers.ProviderCodec;
import io.routewise.testing.OpenApiOperation;
import io.routewise.testing.OpenApiSchemas;
import io.routewise.testing.OperationExample;
import io.routewise.testing.RequiresSharedSpecs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The other direction: the payloads the providers document (the examples in their specs) are
 * read by our codecs, and what we read re-encodes to a conforming document.
 */
@RequiresSharedSpecs
class DocumentedExamplesTest {

    private static List<OperationExample> openAiChatExamples() {
        OpenApiSchemas spec = OpenApiSchemas.of(ProviderContract.OPENAI.spec);
        OpenApiOperation chat = spec.operation("POST", "/chat/completions").orElseThrow();
        List<OperationExample> examples = spec.examples(chat);
        assertThat(examples).as("documented chat-completions calls").hasSizeGreaterThanOrEqualTo(3);
        return examples;
    }

    private static boolean isStream(OperationExample example) {
        return example.request().map(r -> r.path("stream").asBoolean(false)).orElse(false);
    }

    @Test
    void openAiGatewayAcceptsEveryDocumentedChatRequest() {
        ProviderCodec client = ProviderContract.OPENAI.client();
        ApiCodec server = ProviderContract.OPENAI.server();
        for (OperationExample example : openAiChatExamples()) {
            JsonNode body = example.request().orElseThrow(() -> new AssertionError(example.title() + ": no body"));
            OpenApiSchemas.of(ProviderContract.OPENAI.spec).assertConforms("CreateChatCompletionRequest", body);
            ChatRequest request = server.decodeRequest(body, null);
            assertThat(request.messages()).as(example.title()).hasSize(body.path("messages").size());
            assertThat(request.stream()).as(example.title()).isEqualTo(isStream(example));
            assertThat(request.tools()).as(example.title()).hasSize(body.path("tools").size());
            OpenApiSchemas.of(ProviderContract.OPENAI.spec)
                    .assertConforms("CreateChatCompletionRequest", client.encodeRequest(request, "gpt-4o-mini"));
        }
    }

    @Test
    void openAiClientReadsEveryDocumentedAnswerAndReencodesItConformingly() throws ProviderException {
        ProviderCodec client = ProviderContract.OPENAI.client();
        ApiCodec server = ProviderContract.OPENAI.server();
        int read = 0;
        for (OperationExample example : openAiChatExamples()) {
            if (isStream(example)) {
                continue;
            }
            JsonNode body = example.responses().get(0);
            ChatResponse answer = client.decodeResponse(body);
            JsonNode message = body.path("choices").path(0).path("message");
            assertThat(answer.message().text()).as(example.title()).isEqualTo(message.path("content").asText(""));
            assertThat(answer.message().toolCalls()).as(example.title()).hasSize(message.path("tool_calls").size());
            assertThat(answer.finishReason().wireName()).as(example.title())
                    .isEqualTo(body.path("choices").path(0).path("finish_reason").asText());
            assertThat(answer.usage().inputTokens()).isEqualTo(body.path("usage").path("prompt_tokens").asInt());
            OpenApiSchemas.of(ProviderContract.OPENAI.spec)
                    .assertConforms("CreateChatCompletionResponse", server.encodeResponse(answer));
            read++;
        }
        assertThat(read).isPositive();
    }

    @Test
    void openAiClientDecodesTheDocumentedStream() throws ProviderException {
        OperationExample streaming = openAiChatExamples().stream().filter(DocumentedExamplesTest::isStream)
                .findFirst().orElseThrow(() -> new AssertionError("no documented streaming call"));
        assertThat(streaming.responses()).hasSizeGreaterThanOrEqualTo(2);
        StreamDecoder decoder = ProviderContract.OPENAI.client().newStreamDecoder();
        List<StreamEvent> events = new ArrayList<>();
        StringBuilder expected = new StringBuilder();
        for (JsonNode chunk : streaming.responses()) {
            OpenApiSchemas.of(ProviderContract.OPENAI.spec).assertConforms("CreateChatCompletionStreamResponse", chunk);
            expected.append(chunk.path("choices").path(0).path("delta").path("content").asText(""));
            events.addAll(decoder.decode(SseFrame.data(chunk.toString())));
        }
        events.addAll(decoder.decode(SseFrame.data("[DONE]")));
        assertThat(decoder.done()).isTrue();
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> e instanceof StreamEvent.TextDelta)
                .forEach(e -> text.append(((StreamEvent.TextDelta) e).text()));
        assertThat(text.toString()).isEqualTo(expected.toString());
        assertThat(events).filteredOn(e -> e instanceof StreamEvent.Finish).hasSize(1);
    }

    @Test
    void anthropicDocumentedMessageIsReadAndReencodedConformingly() throws ProviderException {
        OpenApiSchemas spec = OpenApiSchemas.of(ProviderContract.ANTHROPIC.spec);
        ProviderCodec client = ProviderContract.ANTHROPIC.client();
        ApiCodec server = ProviderContract.ANTHROPIC.server();
        List<JsonNode> messages = spec.examples("Message");
        assertThat(messages).as("documented Message examples").isNotEmpty();
        for (JsonNode body : messages) {
            spec.assertConforms("Message", body);
            ChatResponse answer = client.decodeResponse(body);
            assertThat(answer.message().text()).isEqualTo(body.path("content").path(0).path("text").asText());
            assertThat(answer.usage().outputTokens()).isEqualTo(body.path("usage").path("output_tokens").asInt());
            spec.assertConforms("Message", server.encodeResponse(answer));
        }
    }

    @Test
    void anthropicDocumentedRequestIsAcceptedAndReencodedConformingly() {
        OpenApiSchemas spec = OpenApiSchemas.of(ProviderContract.ANTHROPIC.spec);
        ProviderCodec client = ProviderContract.ANTHROPIC.client();
        ApiCodec server = ProviderContract.ANTHROPIC.server();
        List<JsonNode> requests = spec.examples("CreateMessageParams");
        assertThat(requests).as("documented CreateMessageParams examples").isNotEmpty();
        for (JsonNode body : requests) {
            spec.assertConforms("CreateMessageParams", body);
            ChatRequest request = server.decodeRequest(body, null);
            assertThat(request.messages()).hasSize(body.path("messages").size());
            assertThat(request.maxTokens()).isEqualTo(body.path("max_tokens").asInt());
            spec.assertConforms("CreateMessageParams", client.encodeRequest(request, body.path("model").asText()));
        }
    }
}
