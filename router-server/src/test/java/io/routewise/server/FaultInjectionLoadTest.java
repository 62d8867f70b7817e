package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.config.ConfigLoader;
import io.routewise.config.RoutewiseConfig;
import io.routewise.config.SimulationProfile;
import io.routewise.resilience.BreakerState;
import io.routewise.resilience.Deployment;
import io.routewise.resilience.HealthStatus;
import io.routewise.resilience.Resilience;
import io.routewise.simulator.SimulatorServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Fault injection under load: 200 concurrent clients send 4,000 requests (half of them streamed) to
 * four equivalent models at four providers, with a hot standby at a fifth. Early in the run one
 * provider starts answering 500s, another stops answering (its requests time out) and a third cuts
 * every stream after its first bytes; one provider stays healthy. No non-streamed request and no
 * stream that had not started may fail; the failing deployments' breakers must open. Then the
 * providers recover: the breakers must close and the health checks re-admit them within a bounded
 * wait. The summary goes to stdout and {@code target/fault-injection-summary.txt}.
 */
class FaultInjectionLoadTest {

    private static final int CLIENTS = 200;
    private static final int REQUESTS = 4_000;
    /** Faults are switched on once this many requests have been sent, so they hit a running router. */
    private static final int FAULTS_AT = 400;
    private static final Duration READMIT_LIMIT = Duration.ofSeconds(30);

    private static final String CONFIG = """
            server: {port: 8080}  # the test starts it on a free port
            providers:
              - {name: pa, kind: simulator, timeout_ms: 2000, retry: {max_attempts: 2, base_delay_ms: 20, max_delay_ms: 100}}
              - {name: pb, kind: simulator, timeout_ms: 400, ttft_timeout_ms: 300,
                 retry: {max_attempts: 2, base_delay_ms: 20, max_delay_ms: 100}}
              - {name: pc, kind: simulator, timeout_ms: 2000, retry: {max_attempts: 2, base_delay_ms: 20, max_delay_ms: 100}}
              - {name: pd, kind: simulator, timeout_ms: 2000, retry: {max_attempts: 2, base_delay_ms: 20, max_delay_ms: 100}}
              - {name: ps, kind: simulator, timeout_ms: 2000}
            models:
              - {id: m-a, provider: pa, input_usd_per_1m: 1, output_usd_per_1m: 2, context_window: 32000,
                 max_output_tokens: 2048, capabilities: [streaming], tier: 2, fallbacks: [m-b, m-c, m-d]}
              - {id: m-b, provider: pb, input_usd_per_1m: 1, output_usd_per_1m: 2, context_window: 32000,
                 max_output_tokens: 2048, capabilities: [streaming], tier: 2, fallbacks: [m-c, m-d, m-a]}
              - {id: m-c, provider: pc, input_usd_per_1m: 1, output_usd_per_1m: 2, context_window: 32000,
                 max_output_tokens: 2048, capabilities: [streaming], tier: 2, fallbacks: [m-d, m-a, m-b]}
              - {id: m-d, provider: pd, input_usd_per_1m: 1, output_usd_per_1m: 2, context_window: 32000,
                 max_output_tokens: 2048, capabilities: [streaming], tier: 2, fallbacks: [m-a, m-b, m-c]}
              - {id: m-standby, provider: ps, input_usd_per_1m: 0.5, output_usd_per_1m: 1, context_window: 32000,
                 max_output_tokens: 2048, capabilities: [streaming], tier: 1}
            routing:
              hot_standby: [m-standby]
              breaker: {consecutive_failures: 5, failure_rate: 0.3, window_s: 10, min_calls: 20, open_s: 2, half_open_calls: 1}
              health: {interval_s: 1, jitter_s: 0, unhealthy_after: 2, ramp: [0.5], ramp_step_s: 1}
            logging: {log_prompts: false}
            """;

    private static final String[] PRIMARIES = {"m-a", "m-b", "m-c", "m-d"};
    private static final Deployment A = new Deployment("pa", "m-a");
    private static final Deployment B = new Deployment("pb", "m-b");
    private static final Deployment C = new Deployment("pc", "m-c");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** What the clients saw. */
    private static final class Tally {
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger nonStreamOk = new AtomicInteger();
        final AtomicInteger nonStreamErrors = new AtomicInteger();
        final AtomicInteger streamOk = new AtomicInteger();
        final AtomicInteger streamErrorsBeforeStart = new AtomicInteger();
        final AtomicInteger streamsCutAfterStart = new AtomicInteger();
        final AtomicInteger streamsEndedWithoutMarker = new AtomicInteger();
        final AtomicLong fallbacks = new AtomicLong();
        final AtomicInteger fellBack = new AtomicInteger();
        final AtomicLong retries = new AtomicLong();
        final AtomicInteger standbyServed = new AtomicInteger();
        final List<String> firstErrors = java.util.Collections.synchronizedList(new ArrayList<>());

        void error(String what) {
            if (firstErrors.size() < 5) {
                firstErrors.add(what);
            }
        }
    }

    @Test
    void survivesFailingProvidersUnderLoadAndReadmitsThemWhenTheyRecover() throws Exception {
        RoutewiseConfig config = TestLedgers.isolated(ConfigLoader.parse(CONFIG, "fault-injection.yaml"));
        try (RunningRouter router = RouterLauncher.start(config, new RouterLauncher.Options("127.0.0.1", 0, true),
                TestRoutingModel.classifier())) {
            SimulatorServer sim = router.simulator().orElseThrow();
            Resilience res = router.resilience();
            Tally tally = new Tally();
            AtomicInteger next = new AtomicInteger();
            AtomicBoolean faultsOn = new AtomicBoolean();
            long loadStart = System.nanoTime();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < CLIENTS; t++) {
                running.add(clients.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < REQUESTS) {
                        if (i == FAULTS_AT && faultsOn.compareAndSet(false, true)) {
                            injectFaults(sim);
                        }
                        send(router, PRIMARIES[i % PRIMARIES.length], (i / PRIMARIES.length) % 2 == 1, tally);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(90, TimeUnit.SECONDS);
            }
            clients.shutdown();
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            long openingsA = res.breakers().openings(A);
            long openingsB = res.breakers().openings(B);
            long openingsC = res.breakers().openings(C);
            // The silent provider's probes time out; on a fast machine the load may end before two of
            // them did, so give the health checks a bounded moment to take it out.
            long waitUntil = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (res.health().health(B).status() != HealthStatus.UNHEALTHY && System.nanoTime() < waitUntil) {
                Thread.sleep(50);
            }
            HealthStatus bHealthDuringFault = res.health().health(B).status();

            // Recovery: the providers answer again; a trickle of traffic lets half-open breakers probe.
            long recoverStart = System.nanoTime();
            for (String m : new String[] {"m-a", "m-b", "m-c"}) {
                sim.setProfile(m, SimulationProfile.DEFAULT);
            }
            double readmitSeconds = -1;
            int trickle = 0;
            while (System.nanoTime() - recoverStart < READMIT_LIMIT.toNanos()) {
                if (recovered(res)) {
                    readmitSeconds = (System.nanoTime() - recoverStart) / 1e9;
                    break;
                }
                for (String m : new String[] {"m-a", "m-b", "m-c"}) {
                    send(router, m, trickle % 2 == 1, new Tally());
                }
                trickle++;
                Thread.sleep(100);
            }
            String metrics = sendGet(router, "/metrics");

            String summary = summary(tally, loadSeconds, openingsA, openingsB, openingsC, bHealthDuringFault,
                    readmitSeconds, res);
            System.out.println(summary);
            Path out = Path.of("target", "fault-injection-summary.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, summary, StandardCharsets.UTF_8);

            int total = tally.nonStreamOk.get() + tally.nonStreamErrors.get() + tally.streamOk.get()
                    + tally.streamErrorsBeforeStart.get() + tally.streamsCutAfterStart.get()
                    + tally.streamsEndedWithoutMarker.get();
            assertThat(total).isEqualTo(REQUESTS);
            assertThat(tally.nonStreamErrors.get()).as("non-streamed client errors: %s", tally.firstErrors).isZero();
            assertThat(tally.streamErrorsBeforeStart.get()).as("streams failed before their first byte: %s",
                    tally.firstErrors).isZero();
            assertThat(tally.streamsEndedWithoutMarker.get()).as("streams that ended without [DONE] or an error event")
                    .isZero();
            assertThat(tally.streamsCutAfterStart.get()).as("streams cut by m-c after their first byte").isPositive();
            assertThat(tally.fallbacks.get()).isPositive();
            assertThat(openingsA).as("breaker openings of the 500ing deployment").isPositive();
            assertThat(openingsB).as("breaker openings of the silent deployment").isPositive();
            assertThat(openingsC).as("breaker openings of the stream-cutting deployment").isPositive();
            assertThat(bHealthDuringFault).as("health of the silent deployment at the end of the load")
                    .isEqualTo(HealthStatus.UNHEALTHY);
            assertThat(readmitSeconds).as("seconds until breakers closed and health re-admitted the providers: %s",
                    res.breakers().states()).isPositive();
            assertThat(metrics).contains("routewise_breaker_openings_total{model=\"m-a\",provider=\"pa\"}")
                    .contains("routewise_breaker_state{model=\"m-b\",provider=\"pb\"} 0.0")
                    .contains("routewise_health_checks_total").contains("routewise_fallbacks_total")
                    .contains("routewise_retries_total").contains("routewise_time_to_first_token_seconds_bucket")
                    .contains("routewise_in_flight_requests").contains("routewise_provider_in_flight{provider=\"pd\"}")
                    .contains("routewise_provider_refusals_total{provider=\"pa\"} 0.0");
        }
    }

    private static void injectFaults(SimulatorServer sim) {
        sim.setProfile("m-a", profile(1.0, 0.0, 0.0));
        sim.setProfile("m-b", profile(0.0, 1.0, 0.0));
        sim.setProfile("m-c", profile(0.0, 0.0, 1.0));
    }

    private static SimulationProfile profile(double errorRate, double timeoutRate, double streamCutRate) {
        return new SimulationProfile(null, null, null, null, errorRate, null, timeoutRate, null, streamCutRate, null,
                null);
    }

    private static boolean recovered(Resilience res) {
        for (Deployment d : List.of(A, B, C)) {
            if (res.breakers().state(d) != BreakerState.CLOSED || res.health().health(d).status() != HealthStatus.HEALTHY) {
                return false;
            }
        }
        return true;
    }

    private void send(RunningRouter router, String model, boolean stream, Tally tally) {
        tally.sent.incrementAndGet();
        String body = "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"max_tokens\":32,\"messages\":[{\"role\":\"user\",\"content\":\"Say hello in a few words.\"}]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(router.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            (stream ? tally.streamErrorsBeforeStart : tally.nonStreamErrors).incrementAndGet();
            tally.error(model + (stream ? " stream" : "") + ": " + e);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        r.headers().firstValue("x-routewise-fallbacks").ifPresent(f -> {
            tally.fellBack.incrementAndGet();
            tally.fallbacks.addAndGet(f.split(",").length);
        });
        r.headers().firstValue("x-routewise-retries").ifPresent(n -> tally.retries.addAndGet(Long.parseLong(n)));
        if (r.headers().firstValue("x-routewise-model").filter("m-standby"::equals).isPresent()) {
            tally.standbyServed.incrementAndGet();
        }
        if (!stream) {
            if (r.statusCode() == 200) {
                tally.nonStreamOk.incrementAndGet();
            } else {
                tally.nonStreamErrors.incrementAndGet();
                tally.error(model + ": HTTP " + r.statusCode() + " " + r.body());
            }
        } else if (r.statusCode() != 200) {
            tally.streamErrorsBeforeStart.incrementAndGet();
            tally.error(model + " stream: HTTP " + r.statusCode() + " " + r.body());
        } else if (r.body().contains("data: [DONE]")) {
            tally.streamOk.incrementAndGet();
        } else if (r.body().contains("\"error\"")) {
            tally.streamsCutAfterStart.incrementAndGet();
        } else {
            tally.streamsEndedWithoutMarker.incrementAndGet();
            tally.error(model + " stream ended without a marker");
        }
    }

    private String sendGet(RunningRouter router, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(router.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String summary(Tally t, double loadSeconds, long openingsA, long openingsB, long openingsC,
                                  HealthStatus bHealth, double readmitSeconds, Resilience res) {
        StringBuilder s = new StringBuilder();
        s.append("Fault injection under load (").append(CLIENTS).append(" concurrent clients; m-a answers 500s, ")
                .append("m-b times out, m-c cuts streams mid-way, m-d healthy, m-standby hot standby)\n");
        row(s, "requests sent", Integer.toString(REQUESTS));
        row(s, "load duration", String.format(Locale.ROOT, "%.1f s", loadSeconds));
        row(s, "non-streamed: ok / client errors", t.nonStreamOk + " / " + t.nonStreamErrors);
        row(s, "streamed: ok / failed before first byte", t.streamOk + " / " + t.streamErrorsBeforeStart);
        row(s, "streams cut after first byte (error event, no [DONE])", Integer.toString(t.streamsCutAfterStart.get()));
        row(s, "client-visible errors (excluding cut streams)",
                Integer.toString(t.nonStreamErrors.get() + t.streamErrorsBeforeStart.get() + t.streamsEndedWithoutMarker.get()));
        row(s, "requests answered by a fallback", Integer.toString(t.fellBack.get()));
        row(s, "fallbacks taken (models left behind, failed or skipped)", Long.toString(t.fallbacks.get()));
        row(s, "retries (same deployment)", Long.toString(t.retries.get()));
        row(s, "served by the hot standby", Integer.toString(t.standbyServed.get()));
        row(s, "breaker openings m-a / m-b / m-c", openingsA + " / " + openingsB + " / " + openingsC);
        row(s, "health of m-b after the load (probes time out)", bHealth.name().toLowerCase(Locale.ROOT));
        row(s, "time to re-admit (breakers closed, health healthy)",
                readmitSeconds < 0 ? "not within " + READMIT_LIMIT.toSeconds() + " s"
                        : String.format(Locale.ROOT, "%.1f s", readmitSeconds));
        row(s, "breaker states after recovery", res.breakers().states().toString());
        return s.toString();
    }

    private static void row(StringBuilder s, String name, String value) {
        s.append(String.format(Locale.ROOT, "| %-55s | %s |%n", name, value));
    }
}
