package io.routewise.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.config.ConfigLoader;
import io.routewise.config.RoutewiseConfig;
import io.routewise.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Starts one router per test class on a free port, on the test catalog (every provider answered
 * by the in-process simulator) and the test routing model ({@link TestRoutingModel}), and offers
 * small HTTP helpers.
 */
abstract class RouterTestBase {

    static RunningRouter router;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startRouter() {
        router = RouterLauncher.start(testConfig(), new RouterLauncher.Options("127.0.0.1", 0, false),
                TestRoutingModel.classifier());
    }

    @AfterAll
    static void stopRouter() {
        if (router != null) {
            router.close();
        }
    }

    static RoutewiseConfig testConfig() {
        try (InputStream in = RouterTestBase.class.getResourceAsStream("/test-routewise.yaml")) {
            return TestLedgers.isolated(
                    ConfigLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "test-routewise.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpResponse<String> post(String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(router.baseUrl() + path))
                .timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    static HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(router.baseUrl() + path)).timeout(Duration.ofSeconds(20)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (status " + response.statusCode() + "): " + response.body(), e);
        }
    }

    /** A one-user-turn request body for {@code model}. */
    static String chat(String model, String userText) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + userText + "\"}]}";
    }

    static String streamingChat(String model, String userText) {
        return "{\"model\":\"" + model + "\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + userText + "\"}]}";
    }
}
