package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.config.ConfigLoader;
import io.routewise.config.RoutewiseConfig;
import io.routewise.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped pair: {@code models/default} loads in this build (its featurizer spec is this
 * build's) and routes {@code model: "auto"} on the shipped default config, every provider answered
 * by the simulator.
 */
class ShippedModelTest {

    static final Path SHIPPED = Path.of("..", "models", "default");
    static RunningRouter router;
    static RoutewiseConfig config;

    @BeforeAll
    static void start() {
        config = TestLedgers.isolated(ConfigLoader.loadDefault());
        router = RouterLauncher.start(config, new RouterLauncher.Options("127.0.0.1", 0, true, SHIPPED));
    }

    @AfterAll
    static void stop() {
        if (router != null) {
            router.close();
        }
    }

    static HttpResponse<String> post(String path, String body) {
        return RouterTestBase.send(HttpRequest.newBuilder(URI.create(router.baseUrl() + path))
                .timeout(Duration.ofSeconds(20)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void autoIsAnsweredByADefaultCatalogModel() throws IOException {
        HttpResponse<String> r = post("/v1/chat/completions",
                "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Write a haiku about routers.\"}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String model = r.headers().firstValue("x-routewise-model").orElseThrow();
        assertThat(config.model(model)).isPresent();
        assertThat(json(r).path("choices").get(0).path("message").path("content").asText()).isNotBlank();
    }

    @Test
    void aCodingPromptIsSeenAsCodeAndEveryClassHasAProbability() throws IOException {
        HttpResponse<String> r = post("/v1/route", "{\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"Write a Python function that returns the longest palindromic substring of a string, with unit tests.\"}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode d = json(r);
        assertThat(d.path("task").asText()).isEqualTo("code");
        assertThat(config.model(d.path("model").asText())).isPresent();
        double sum = 0;
        for (JsonNode p : d.path("class_probabilities")) {
            sum += p.asDouble();
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(d.path("model_version").asText()).hasSize(12);
    }
}
