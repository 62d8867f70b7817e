package io.routewise.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HeldRequestsTest {

    @Test
    void releasingRunsEachActionOnceAndCompletesTheFuture() {
        HeldRequests held = new HeldRequests();
        AtomicInteger released = new AtomicInteger();
        CompletableFuture<Void> a = held.hold(released::incrementAndGet);
        CompletableFuture<Void> b = held.hold(released::incrementAndGet);
        assertThat(held.size()).isEqualTo(2);
        assertThat(a).isNotDone();
        held.releaseAll();
        assertThat(released).hasValue(2);
        assertThat(a).isCompleted();
        assertThat(b).isCompleted();
        assertThat(held.size()).isZero();
    }

    @Test
    void stoppingTheServerDropsAHeldRequestInsteadOfLeavingItHanging() throws Exception {
        SimulatorServer server = new SimulatorServer(Map.of(), 1).start("127.0.0.1", 0);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\": \"sim-timeout\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}"))
                .build();
        CompletableFuture<HttpResponse<String>> pending = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.stats().of("sim-timeout").timeouts() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(pending).isNotDone();

        server.stop();
        try {
            HttpResponse<String> r = pending.get(5, TimeUnit.SECONDS);
            throw new AssertionError("a held request must not get a response, got " + r.statusCode());
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(IOException.class);
        }
    }
}
