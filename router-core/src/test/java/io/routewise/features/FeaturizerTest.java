package io.routewise.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.routewise.chat.ChatRequest;
import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.json.Json;
import io.routewise.providers.openai.OpenAiApiCodec;

class FeaturizerTest {

    private final Featurizer featurizer = SharedEmbedder.featurizer();

    /** Traffic-log lines as DESIGN.md describes them (fixtures, not the shared data set). */
    private static final List<String> TRAFFIC_LOG = List.of(
            "{\"request_id\":\"t1\",\"task\":\"gsm8k\",\"messages\":[{\"role\":\"user\",\"content\":\"There were 15 males"
                    + " and 10 more girls at the party. Each attendee received 2 cans of soft drinks. How many cans?\"}],"
                    + "\"responses\":[{\"model\":\"m1\",\"outcome\":1.0}]}",
            "{\"request_id\":\"t2\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a careful senior Java"
                    + " reviewer. Answer briefly.\"},{\"role\":\"user\",\"content\":\"Why does this throw?\\n```java\\n"
                    + "List<String> xs = List.of();\\nxs.add(\\\"a\\\");\\n```\"}],\"responses\":[]}",
            "{\"request_id\":\"t3\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi!\"},{\"role\":\"assistant\","
                    + "\"content\":\"Hello, how can I help?\"},{\"role\":\"user\",\"content\":\"Which is a prime?\\nA. 4"
                    + "\\nB. 6\\nC. 7\\nD. 9\\nAnswer:\"}],\"responses\":[]}");

    @Test
    void namesFeaturesSoThatAlphabeticalOrderIsVectorOrder() {
        List<String> names = featurizer.featureNames();
        assertThat(names).hasSize(SentenceEmbedder.DIMENSIONS + StructuralFeatures.size());
        assertThat(names).isSorted().doesNotHaveDuplicates();
        assertThat(names.get(0)).isEqualTo("emb_000");
        assertThat(names.get(383)).isEqualTo("emb_383");
        assertThat(names.get(384)).startsWith("st_");
        assertThat(featurizer.dimension()).isEqualTo(names.size());
        assertThat(featurizer.featurize(List.of(Message.text(Role.USER, "hi")))).hasSize(names.size());
    }

    @Test
    void buildsIdenticalVectorsForTrainingAndServing() throws Exception {
        for (String line : TRAFFIC_LOG) {
            JsonNode logged = Json.MAPPER.readTree(line);

            // Training: the messages of a traffic-log line, nothing else.
            float[] training = featurizer.featurize(messagesOf(logged.get("messages")));

            // Serving: the same conversation arriving as an OpenAI request with every knob a client sets,
            // content sent as an array of parts.
            ObjectNode body = Json.object();
            body.put("model", "auto");
            ArrayNode messages = body.putArray("messages");
            for (JsonNode m : logged.get("messages")) {
                ObjectNode out = messages.addObject();
                out.put("role", m.get("role").asText());
                out.putArray("content").addObject().put("type", "text").put("text", m.get("content").asText());
            }
            body.put("temperature", 0.2);
            body.put("max_tokens", 300);
            body.put("stream", true);
            body.put("user", "someone");
            ChatRequest request = OpenAiApiCodec.INSTANCE.decodeRequest(body, null);
            float[] serving = featurizer.featurize(request);

            assertThat(serving).as(logged.get("request_id").asText()).containsExactly(training);
        }
    }

    @Test
    void embedsTheLastUserTurnFollowedByASystemPromptPrefix() {
        String system = "You are a pirate. ".repeat(30);
        PromptText text = PromptText.of(List.of(
                Message.text(Role.SYSTEM, system),
                Message.text(Role.USER, "first question"),
                Message.text(Role.ASSISTANT, "an answer"),
                Message.text(Role.USER, "second question")));
        assertThat(Featurizer.embeddingText(text))
                .isEqualTo("second question\n\n" + system.strip().substring(0, Featurizer.SYSTEM_PREFIX_CHARS));
        assertThat(Featurizer.embeddingText(PromptText.of(List.of(Message.text(Role.USER, "just this")))))
                .isEqualTo("just this");
    }

    @Test
    void theSystemPromptChangesTheEmbeddingOnlyThroughItsPrefix() {
        String head = "You answer only questions about astronomy and refuse everything else. ".repeat(3);
        float[] none = featurizer.featurize(List.of(Message.text(Role.USER, "What is a quasar?")));
        float[] withSystem = featurizer.featurize(List.of(Message.text(Role.SYSTEM, head),
                Message.text(Role.USER, "What is a quasar?")));
        float[] longerTail = featurizer.featurize(List.of(Message.text(Role.SYSTEM, head + "x".repeat(500)),
                Message.text(Role.USER, "What is a quasar?")));
        int dims = SentenceEmbedder.DIMENSIONS;
        assertThat(java.util.Arrays.copyOf(withSystem, dims)).isNotEqualTo(java.util.Arrays.copyOf(none, dims));
        // Past the prefix, only the size features may differ.
        assertThat(java.util.Arrays.copyOf(longerTail, dims)).containsExactly(java.util.Arrays.copyOf(withSystem, dims));
    }

    @Test
    void theLastUserTurnAloneReadsAsABarePromptWhateverSurroundsIt() {
        float[] bare = featurizer.featurize(List.of(Message.text(Role.USER, "What is a quasar?")));
        ChatRequest plain = ChatRequest.of("auto", List.of(Message.text(Role.USER, "What is a quasar?")));
        Featurizer.Featurized plainFeatures = featurizer.featurizeWithText(plain);
        assertThat(featurizer.featurizeLastUserTurn(plain, plainFeatures)).isSameAs(plainFeatures.vector());

        ChatRequest inAnApp = ChatRequest.of("auto", List.of(
                Message.text(Role.SYSTEM, "You are the support assistant of a bank. Be polite and brief."),
                Message.text(Role.USER, "hello"),
                Message.text(Role.ASSISTANT, "Hello! How can I help?"),
                Message.text(Role.USER, "What is a quasar?")));
        Featurizer.Featurized full = featurizer.featurizeWithText(inAnApp);
        assertThat(full.vector()).isNotEqualTo(bare);
        assertThat(featurizer.featurizeLastUserTurn(inAnApp, full)).containsExactly(bare);
    }

    @Test
    void specRecordsWhatDecidesTheVector() {
        FeaturizerSpec spec = featurizer.spec();
        assertThat(spec.version()).isEqualTo(FeaturizerSpec.VERSION);
        assertThat(spec.embeddingModel()).isEqualTo(SentenceEmbedder.MODEL_ID);
        assertThat(spec.embeddingModelSha256()).hasSize(64);
        assertThat(spec.tokenBudget()).isEqualTo(128);
        assertThat(spec.featureNames()).isEqualTo(featurizer.featureNames());
        spec.requireSameAs(spec, "models/default");
    }

    @Test
    void specSurvivesAJsonRoundTripAsAModelCardWouldStoreIt() throws Exception {
        FeaturizerSpec spec = featurizer.spec();
        String json = Json.MAPPER.writeValueAsString(spec);
        assertThat(Json.MAPPER.readValue(json, FeaturizerSpec.class)).isEqualTo(spec);
    }

    @Test
    void refusesAModelTrainedOnDifferentFeatures() {
        FeaturizerSpec spec = featurizer.spec();
        List<String> reordered = new ArrayList<>(spec.featureNames());
        reordered.set(390, spec.featureNames().get(391));
        reordered.set(391, spec.featureNames().get(390));
        FeaturizerSpec trained = new FeaturizerSpec(spec.version(), spec.embeddingModel(), spec.embeddingModelSha256(),
                256, spec.systemPrefixChars(), reordered);
        assertThatThrownBy(() -> spec.requireSameAs(trained, "models/old"))
                .isInstanceOf(FeatureSpecMismatchException.class)
                .hasMessageContaining("models/old")
                .hasMessageContaining("token budget 256 vs 128")
                .hasMessageContaining("feature 390 is " + spec.featureNames().get(391))
                .satisfies(e -> assertThat(((FeatureSpecMismatchException) e).differences()).hasSize(2));
    }

    private static List<Message> messagesOf(JsonNode messages) {
        List<Message> out = new ArrayList<>();
        for (JsonNode m : messages) {
            out.add(Message.text(Role.fromWire(m.get("role").asText()), m.get("content").asText()));
        }
        return out;
    }
}
