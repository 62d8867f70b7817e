package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a router process under load: the SQLite ledger opens intact, and the answered requests
 * missing from it are within the writer's bound (one flush interval of traffic, at most a batch).
 */
class ServerHardKillTest {

    @Test
    void aKilledRouterLosesAtMostTheRowsNotYetWritten(@TempDir Path tmp) throws Exception {
        Path db = tmp.resolve("ledger.db");
        Process child = RouterProcesses.start(RouterCrashChild.class, db.toString());
        CompletableFuture.delayedExecutor(90, TimeUnit.SECONDS).execute(child::destroyForcibly);
        Set<String> answered = ConcurrentHashMap.newKeySet();
        int lost;
        try {
            int port = RouterProcesses.port(child);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            AtomicBoolean run = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(8);
            for (int t = 0; t < 8; t++) {
                clients.execute(() -> {
                    while (run.get()) {
                        try {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                            URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                                    .timeout(Duration.ofSeconds(10)).header("content-type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(RouterTestBase.chat("oai-small", "Crash test")))
                                    .build(), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                                answered.add(r.headers().firstValue("x-request-id").orElseThrow());
                            }
                        } catch (Exception e) {
                            return; // the router is gone
                        }
                    }
                });
            }
            Thread.sleep(2500);
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no drain
            child.waitFor(10, TimeUnit.SECONDS);
            run.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(15, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }

        Set<String> recorded = new HashSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("ok");
            }
            try (ResultSet rs = s.executeQuery("SELECT request_id FROM ledger_rows WHERE status = '200'")) {
                while (rs.next()) {
                    recorded.add(rs.getString(1));
                }
            }
        }
        Set<String> missing = new HashSet<>(answered);
        missing.removeAll(recorded);
        lost = missing.size();
        String summary = String.format(java.util.Locale.ROOT,
                "server kill -9 under load: %d requests answered, %d in the ledger, %d lost (bound: a batch, 500)",
                answered.size(), answered.size() - lost, lost);
        System.out.println(summary);
        Files.writeString(Path.of("target", "server-hard-kill-summary.txt"), summary + "\n", StandardCharsets.UTF_8);
        assertThat(answered).as("load reached the router").hasSizeGreaterThan(20);
        assertThat(lost).as(summary).isLessThanOrEqualTo(500);
    }

}
