package io.routewise.providers.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.ChatResponse;
import io.routewise.chat.ContentPart;
import io.routewise.chat.FinishReason;
import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.chat.ToolCall;
import io.routewise.chat.Usage;
import io.routewise.providers.ProviderException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Non-streamed answers: Gemini's GenerateContentResponse read and written. */
class GeminiResponseTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final GeminiProviderCodec client = new GeminiProviderCodec();
    private final GeminiApiCodec server = new GeminiApiCodec();

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    @Test
    void decodesTextAnswerWithUsageIncludingCachedTokens() throws Exception {
        ChatResponse r = client.decodeResponse(json("""
                {"candidates":[{"content":{"role":"model","parts":[{"text":"Hello "},{"text":"there"}]},
                                "finishReason":"STOP","index":0}],
                 "usageMetadata":{"promptTokenCount":120,"candidatesTokenCount":5,"totalTokenCount":125,
                                  "cachedContentTokenCount":100},
                 "modelVersion":"gemini-2.0-flash-001","responseId":"resp-1"}"""));
        assertThat(r.id()).isEqualTo("resp-1");
        assertThat(r.model()).isEqualTo("gemini-2.0-flash-001");
        assertThat(r.message().role()).isEqualTo(Role.ASSISTANT);
        assertThat(r.message().text()).isEqualTo("Hello there");
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.usage()).isEqualTo(new Usage(120, 5, 100));
    }

    @Test
    void countsThinkingTokensAsOutputAndSkipsThoughtParts() throws Exception {
        ChatResponse r = client.decodeResponse(json("""
                {"candidates":[{"content":{"parts":[{"text":"let me think","thought":true},{"text":"42"}]},
                                "finishReason":"STOP"}],
                 "usageMetadata":{"promptTokenCount":10,"candidatesTokenCount":2,"thoughtsTokenCount":30}}"""));
        assertThat(r.message().text()).isEqualTo("42");
        assertThat(r.usage()).isEqualTo(new Usage(10, 32, 0));
    }

    @Test
    void turnsFunctionCallsIntoToolCallsWithSynthesisedIds() throws Exception {
        ChatResponse r = client.decodeResponse(json("""
                {"candidates":[{"content":{"role":"model","parts":[
                    {"functionCall":{"name":"get_weather","args":{"city":"Paris"}}},
                    {"functionCall":{"name":"get_weather","args":{"city":"Rome"}}},
                    {"functionCall":{"name":"now"}}]},
                  "finishReason":"STOP"}]}"""));
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(r.message().content()).isEmpty();
        assertThat(r.message().toolCalls()).containsExactly(
                new ToolCall("call_0_get_weather", "get_weather", "{\"city\":\"Paris\"}"),
                new ToolCall("call_1_get_weather", "get_weather", "{\"city\":\"Rome\"}"),
                new ToolCall("call_2_now", "now", "{}"));
        assertThat(r.usage()).isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "STOP, STOP", "MAX_TOKENS, LENGTH", "SAFETY, CONTENT_FILTER", "RECITATION, CONTENT_FILTER",
            "BLOCKLIST, CONTENT_FILTER", "PROHIBITED_CONTENT, CONTENT_FILTER", "SPII, CONTENT_FILTER",
            "LANGUAGE, STOP", "OTHER, STOP", "MALFORMED_FUNCTION_CALL, STOP"})
    void mapsFinishReasons(String gemini, FinishReason expected) throws Exception {
        ChatResponse r = client.decodeResponse(json("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"x\"}]},"
                + "\"finishReason\":\"" + gemini + "\"}]}"));
        assertThat(r.finishReason()).isEqualTo(expected);
    }

    @Test
    void blockedPromptWithoutCandidatesIsAContentFilterWithEmptyText() throws Exception {
        ChatResponse r = client.decodeResponse(json("""
                {"promptFeedback":{"blockReason":"SAFETY","safetyRatings":[]},
                 "usageMetadata":{"promptTokenCount":9,"totalTokenCount":9}}"""));
        assertThat(r.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(r.message().text()).isEmpty();
        assertThat(r.usage()).isEqualTo(new Usage(9, 0, 0));
    }

    @Test
    void safetyStoppedCandidateWithoutContentIsAContentFilter() throws Exception {
        ChatResponse r = client.decodeResponse(json("{\"candidates\":[{\"finishReason\":\"SAFETY\",\"index\":0}]}"));
        assertThat(r.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(r.message().text()).isEmpty();
    }

    @Test
    void unreadableAnswersAreBadResponses() throws Exception {
        for (String body : List.of("[]", "{\"candidates\":[]}",
                "{\"error\":{\"code\":500,\"message\":\"boom\",\"status\":\"INTERNAL\"}}",
                "{\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"args\":{}}}]}}]}")) {
            JsonNode parsed = json(body);
            assertThatThrownBy(() -> client.decodeResponse(parsed))
                    .isInstanceOfSatisfying(ProviderException.class,
                            e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.BAD_RESPONSE));
        }
    }

    @Test
    void encodesAnswerInGeminiShape() throws Exception {
        ChatResponse answer = new ChatResponse("r-9", "gemini-sim", 1_700_000_000L,
                Message.text(Role.ASSISTANT, "Hi!"), FinishReason.STOP, new Usage(12, 3, 0));
        assertThat(server.encodeResponse(answer)).isEqualTo(json("""
                {"candidates":[{"content":{"role":"model","parts":[{"text":"Hi!"}]},"finishReason":"STOP","index":0}],
                 "usageMetadata":{"promptTokenCount":12,"candidatesTokenCount":3,"totalTokenCount":15},
                 "modelVersion":"gemini-sim","responseId":"r-9"}"""));
    }

    @Test
    void roundTripsTextToolCallsAndCachedUsage() throws Exception {
        Message message = new Message(Role.ASSISTANT, List.of(new ContentPart.Text("Calling.")), null,
                List.of(new ToolCall("call_0_lookup", "lookup", "{\"q\":\"x\",\"n\":2}")), null);
        ChatResponse answer = new ChatResponse("r-1", "gemini-sim", 0, message, FinishReason.TOOL_CALLS,
                new Usage(200, 20, 150));
        ObjectNode body = server.encodeResponse(answer);
        assertThat(body.at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
        assertThat(body.at("/usageMetadata/cachedContentTokenCount").asInt()).isEqualTo(150);

        ChatResponse back = client.decodeResponse(body);
        assertThat(back.id()).isEqualTo("r-1");
        assertThat(back.model()).isEqualTo("gemini-sim");
        assertThat(back.message()).isEqualTo(message);
        assertThat(back.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(back.usage()).isEqualTo(new Usage(200, 20, 150));
    }

    @ParameterizedTest
    @CsvSource({"LENGTH, MAX_TOKENS", "CONTENT_FILTER, SAFETY", "STOP, STOP"})
    void roundTripsFinishReasons(FinishReason reason, String gemini) throws Exception {
        ChatResponse answer = new ChatResponse("r", "m", 0, Message.text(Role.ASSISTANT, "partial"), reason,
                Usage.ZERO);
        ObjectNode body = server.encodeResponse(answer);
        assertThat(body.at("/candidates/0/finishReason").asText()).isEqualTo(gemini);
        assertThat(client.decodeResponse(body).finishReason()).isEqualTo(reason);
    }

    @ParameterizedTest
    @CsvSource({"400, INVALID_ARGUMENT", "401, UNAUTHENTICATED", "403, PERMISSION_DENIED", "404, NOT_FOUND",
            "429, RESOURCE_EXHAUSTED", "500, INTERNAL", "502, INTERNAL", "503, UNAVAILABLE",
            "504, DEADLINE_EXCEEDED"})
    void encodesErrorsWithGoogleStatusNames(int status, String name) throws Exception {
        assertThat(server.encodeError(status, "rate_limit_error", "Slow down.")).isEqualTo(json(
                "{\"error\":{\"code\":" + status + ",\"message\":\"Slow down.\",\"status\":\"" + name + "\"}}"));
    }
}
