package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.classifier.RoutingWeights;
import io.routewise.config.ConfigLoader;
import io.routewise.config.EvaluationConfig;
import io.routewise.config.ModelConfig;
import io.routewise.config.RecalibrationConfig;
import io.routewise.config.HealthCheckConfig;
import io.routewise.config.RoutewiseConfig;
import io.routewise.config.RoutingConfig;
import io.routewise.config.SimulationProfile;
import io.routewise.eval.EvalItem;
import io.routewise.eval.EvalJob;
import io.routewise.eval.store.EvalRunStatus;
import io.routewise.json.Json;
import io.routewise.simulator.SimulatorServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The drift evaluation end to end, on the shipped catalog, model and eval sets, every provider
 * answered by the simulator (at its configured quality, without latency): a baseline run; an
 * unchanged rerun flags nothing; one model's quality is degraded, the next run flags it and only
 * it, its routing weights drop, the running server picks the new weights up and {@code /v1/route}
 * sends the prompts it used to win elsewhere; its quality is restored, the next run clears the
 * flag and its weights and decisions come back.
 *
 * <p>Decisions are asked at the default knob (a quality margin). A catalog model without logged
 * outcomes is predicted by the model directory's tier prior, on which a tier-1 model is all but as good
 * as a frontier one on easy prompts and far behind on hard ones; so the prompts the cheap model wins
 * are won by a clear margin, and a recalibration that lowers its rows moves them away. The same holds
 * for decisions asked at an absolute {@code quality_target}: the recalibration also fits each model's
 * per-prompt predictions to its results on the log-odds scale, so an easy prompt's sure 0.98 for the
 * collapsed model falls below the target.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DriftEvaluationTest {

    static RunningRouter router;
    static RoutewiseConfig config;
    static SimulatorServer sim;
    static EvalJob job;
    static List<String> prompts;
    static String degraded;
    static Map<String, String> decisionsBefore;
    static double weightBefore;
    /** What the scenario measured, written to {@code target/drift-evaluation-summary.txt}. */
    static final StringBuilder SUMMARY = new StringBuilder();
    static long keptDuringIncident;
    /** The absolute quality target some decisions are asked at. */
    static final double TARGET = 0.7;
    static Map<String, String> targetDecisionsBefore;
    static long keptAtTargetDuringIncident;

    @BeforeAll
    static void start() {
        RoutewiseConfig loaded = TestLedgers.isolated(ConfigLoader.loadDefault());
        // No background health probes: the first test counts every call the simulator gets.
        RoutingConfig r = loaded.routing();
        RoutewiseConfig shipped = new RoutewiseConfig(loaded.server(), loaded.providers(), loaded.models(),
                new RoutingConfig(r.qualityTarget(), r.hotStandby(), r.pools(), r.breaker(),
                        new HealthCheckConfig(false, null, null, null, null, null), r.latency(), r.rateLimitBackoff(),
                        r.expectedOutputTokens(), r.qualityMargin(), r.usdPerQualityPoint()),
                loaded.budgets(), loaded.ledger(), loaded.logging(), loaded.evaluation(), loaded.version());
        EvaluationConfig e = shipped.evaluation();
        // The shipped evaluation settings, with the test's folders and the eval sets of this repository.
        config = shipped.withEvaluation(new EvaluationConfig(null, List.of(Path.of("..", "eval-sets").toString()),
                List.of(), 100.0, 8, null, e.weightsDir(), e.reportDir(), 1, null, null));
        router = RouterLauncher.start(config, new RouterLauncher.Options("127.0.0.1", 0, true, ShippedModelTest.SHIPPED));
        sim = router.simulator().orElseThrow();
        for (ModelConfig m : config.models()) {
            sim.setProfile(m.upstreamModel(), instant(m.simulate().quality()));
        }
        job = router.evalJob();
        prompts = job.items(request()).stream().map(DriftEvaluationTest::userText).toList();
    }

    @AfterAll
    static void stop() throws java.io.IOException {
        Path out = Path.of("target", "drift-evaluation-summary.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, SUMMARY);
        if (router != null) {
            router.close();
        }
    }

    @Test
    @Order(1)
    void aRunTheBudgetCannotCoverIsRefusedBeforeAnyCall() {
        long before = totalRequests();
        assertThatThrownBy(() -> job.run(new EvalJob.Request(List.of(), List.of(), 0.001, "test", null, false)))
                .isInstanceOf(EvalJob.RefusedException.class)
                .hasMessageContaining("exceeds the budget of $0.001;");
        assertThat(totalRequests()).isEqualTo(before);
        assertThat(job.store().recentRuns(1).get(0).status()).isEqualTo(EvalRunStatus.REFUSED);
    }

    @Test
    @Order(2)
    void theFirstRunBecomesTheBaselineAndGivesEveryModelItsOwnWeights() {
        EvalJob.Result first = run("run-1");
        assertThat(first.run().status()).isEqualTo(EvalRunStatus.COMPLETED);
        assertThat(first.drift().anyDrift()).isFalse();
        assertThat(first.weightsVersion()).isEqualTo(1);
        assertThat(first.run().spentUsd()).isPositive().isLessThanOrEqualTo(100.0);
        assertThat(first.report()).exists();
        assertThat(router.reloadWeights()).isEqualTo(1);
        RoutingWeights v1 = job.weightsStore().current().orElseThrow().weights();
        for (ModelConfig m : config.models()) {
            if (m.enabled()) {
                assertThat(v1.models()).as("own row for %s", m.id()).containsKey(m.id());
            }
        }
    }

    @Test
    @Order(3)
    void unchangedQualityOverRepeatedSeededRunsFlagsNothing() {
        for (String nonce : List.of("run-2", "run-3")) {
            EvalJob.Result again = run(nonce);
            assertThat(again.drift().driftedModels()).as("false alarms in %s: %s", nonce, again.drift().driftedModels()
                    .stream().map(m -> m + " " + again.drift().of(m).orElseThrow().reasons()).toList()).isEmpty();
            assertThat(again.weightsVersion()).as("no drift change, no new weights").isNull();
        }
        // Recalibrate on the evidence so far, so "before the incident" below means all of it.
        sim.setRunNonce("run-4");
        EvalJob.Result forced = job.run(new EvalJob.Request(List.of(), List.of(), null, "test", null, false,
                RecalibrationConfig.Mode.ALWAYS));
        assertThat(forced.drift().driftedModels()).isEmpty();
        assertThat(forced.weightsVersion()).isEqualTo(2);
        assertThat(router.reloadWeights()).isEqualTo(2);
    }

    @Test
    @Order(4)
    void aDegradedModelIsFlaggedAloneItsWeightsDropAndRoutingMovesAway() throws Exception {
        decisionsBefore = decisions();
        targetDecisionsBefore = decisions(TARGET);
        Map<String, Integer> wins = new HashMap<>();
        decisionsBefore.values().forEach(m -> wins.merge(m, 1, Integer::sum));
        // The model winning the most prompts among those priced unlike any other: a model with an
        // equally priced twin of equal quality trades ties with it on sampling noise alone.
        degraded = wins.entrySet().stream().filter(w -> uniquelyPriced(w.getKey()))
                .max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        int wonBefore = wins.get(degraded);
        assertThat(wonBefore).as("prompts routed to %s", degraded).isGreaterThanOrEqualTo(10);
        weightBefore = meanWeight(degraded);

        ModelConfig m = config.model(degraded).orElseThrow();
        // An incident: the model now fails most prompts. (The model that wins most prompts is often a
        // tier-1 model whose normal quality is itself modest, so the drop is set absolutely low.)
        sim.setProfile(m.upstreamModel(), instant(DEGRADED_QUALITY));
        EvalJob.Result drifted = run("run-degraded");

        assertThat(drifted.drift().driftedModels()).containsExactly(degraded);
        assertThat(drifted.drift().of(degraded).orElseThrow().qualityDrift()).isTrue();
        assertThat(drifted.weightsVersion()).isEqualTo(3);
        assertThat(router.reloadWeights()).isEqualTo(3);
        assertThat(meanWeight(degraded)).isLessThan(weightBefore - 0.1);

        Map<String, String> after = decisions();
        long stillThere = keptDuringIncident = decisionsBefore.entrySet().stream()
                .filter(d -> d.getValue().equals(degraded) && after.get(d.getKey()).equals(degraded)).count();
        SUMMARY.append(String.format(java.util.Locale.ROOT, "degraded %s (quality -> " + DEGRADED_QUALITY + "): mean weight %.3f -> %.3f; "
                + "of the %d eval prompts it won, %d still routed to it%n", degraded, weightBefore, meanWeight(degraded),
                wonBefore, stillThere));
        assertThat(stillThere).as("prompts still routed to the degraded %s (of %d)", degraded, wonBefore)
                .isLessThanOrEqualTo(wonBefore / 10);
        // Under an absolute target the per-prompt predictions move too (the calibration's log-odds shift):
        // a prompt the directory was sure the cheap model answers no longer clears the target.
        Map<String, String> afterTarget = decisions(TARGET);
        long wonAtTarget = targetDecisionsBefore.values().stream().filter(degraded::equals).count();
        long keptAtTarget = keptAtTargetDuringIncident = targetDecisionsBefore.entrySet().stream()
                .filter(d -> d.getValue().equals(degraded) && afterTarget.get(d.getKey()).equals(degraded)).count();
        SUMMARY.append(String.format(java.util.Locale.ROOT, "at quality_target %.2f: of the %d eval prompts it won, %d "
                + "still routed to it (calibration %s)%n", TARGET, wonAtTarget, keptAtTarget,
                job.effectiveWeights().calibration(degraded)));
        assertThat(wonAtTarget).as("prompts routed to %s at quality_target %s", degraded, TARGET).isGreaterThanOrEqualTo(10);
        assertThat(keptAtTarget).as("prompts still routed to the degraded %s at quality_target %s (of %d)", degraded,
                TARGET, wonAtTarget).isLessThanOrEqualTo(wonAtTarget / 10);
        assertThat(Files.readString(drifted.report())).contains(degraded).contains("drift");
        assertThat(metricsEventually("routewise_eval_drift{model=\"" + degraded + "\"} 1.0")).isTrue();
        assertThat(decide(prompts.get(0)).path("model_version").asText()).endsWith("+w3");
    }

    @Test
    @Order(5)
    void restoringItsQualityClearsTheFlagAndItsTrafficComesBack() {
        ModelConfig m = config.model(degraded).orElseThrow();
        double weightDegraded = meanWeight(degraded);
        sim.setProfile(m.upstreamModel(), instant(m.simulate().quality()));
        EvalJob.Result restored = run("run-restored");

        assertThat(restored.drift().driftedModels()).isEmpty();
        assertThat(restored.weightsVersion()).as("the drift state changed: recalibrated").isEqualTo(4);
        assertThat(router.reloadWeights()).isEqualTo(4);
        assertThat(meanWeight(degraded)).isGreaterThan(weightDegraded + 0.1);

        Map<String, String> after = decisions();
        long wonBefore = decisionsBefore.values().stream().filter(degraded::equals).count();
        long back = decisionsBefore.entrySet().stream()
                .filter(d -> d.getValue().equals(degraded) && after.get(d.getKey()).equals(degraded)).count();
        SUMMARY.append(String.format(java.util.Locale.ROOT, "restored %s: mean weight %.3f -> %.3f (before %.3f); "
                + "%d of the %d prompts it won are routed to it again%n", degraded, weightDegraded, meanWeight(degraded),
                weightBefore, back, wonBefore));
        // The prompts a model wins are those where it is only just good enough (the cheapest adequate
        // model wins), so a few flip either way on one run's sampling noise (about 10 answers per
        // class); the weights themselves are back within that noise.
        assertThat(meanWeight(degraded)).isCloseTo(weightBefore, org.assertj.core.data.Offset.offset(0.03));
        assertThat(back).as("prompts routed to %s again (of %d; %d during the incident)", degraded, wonBefore,
                keptDuringIncident).isGreaterThanOrEqualTo(Math.max(wonBefore / 4, 2 * keptDuringIncident + 1));
        Map<String, String> afterTarget = decisions(TARGET);
        long wonAtTarget = targetDecisionsBefore.values().stream().filter(degraded::equals).count();
        long backAtTarget = targetDecisionsBefore.entrySet().stream()
                .filter(d -> d.getValue().equals(degraded) && afterTarget.get(d.getKey()).equals(degraded)).count();
        SUMMARY.append(String.format(java.util.Locale.ROOT, "at quality_target %.2f: %d of the %d prompts it won are "
                + "routed to it again%n", TARGET, backAtTarget, wonAtTarget));
        assertThat(backAtTarget).as("prompts routed to %s again at quality_target %s (of %d; %d during the incident)",
                degraded, TARGET, wonAtTarget, keptAtTargetDuringIncident)
                .isGreaterThanOrEqualTo(Math.max(wonAtTarget / 4, 2 * keptAtTargetDuringIncident + 1));
    }

    @Test
    @Order(6)
    void aRollbackIsPickedUpByTheRunningServerWithoutARestart() throws InterruptedException {
        assertThat(job.weightsStore().rollback().version()).isEqualTo(3);
        // no reloadWeights(): the server's own poller (evaluation.reload_interval_s = 1) must find it
        for (int i = 0; i < 100 && router.weightsVersion() != 3; i++) {
            Thread.sleep(100);
        }
        assertThat(router.weightsVersion()).isEqualTo(3);
        assertThat(decide(prompts.get(0)).path("model_version").asText()).endsWith("+w3");
        assertThat(metricsEventually("routewise_routing_weights_version 3.0")).isTrue();
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static EvalJob.Request request() {
        return new EvalJob.Request(List.of(), List.of(), null, "test", null, false);
    }

    private static EvalJob.Result run(String nonce) {
        sim.setRunNonce(nonce);
        long start = System.nanoTime();
        EvalJob.Result r = job.run(request());
        SUMMARY.append(String.format(java.util.Locale.ROOT, "%-13s %d calls in %.1f s, drifted %s, weights %s%n", nonce,
                r.estimate().calls(), (System.nanoTime() - start) / 1e9, r.drift().driftedModels(),
                r.weightsVersion() == null ? "unchanged" : "v" + r.weightsVersion()));
        return r;
    }

    /** The model's configured quality, answered at once: the test measures routing, not waiting. */
    private static SimulationProfile instant(double quality) {
        return new SimulationProfile(quality, 0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, null, null);
    }

    private static String userText(EvalItem item) {
        return item.messages().get(item.messages().size() - 1).text();
    }

    private static boolean uniquelyPriced(String model) {
        ModelConfig m = config.model(model).orElseThrow();
        return config.models().stream().filter(o -> o.enabled() && !o.id().equals(model))
                .noneMatch(o -> o.inputUsdPer1m().equals(m.inputUsdPer1m()) && o.outputUsdPer1m().equals(m.outputUsdPer1m()));
    }

    private static double meanWeight(String model) {
        ModelConfig m = config.model(model).orElseThrow();
        RoutingWeights w = job.effectiveWeights();
        return Arrays.stream(w.qualityByClass(m.id(), m.tier())).average().orElseThrow();
    }

    private static long totalRequests() {
        return sim.stats().snapshot().values().stream().mapToLong(s -> s.requests()).sum();
    }

    /** The simulated quality of the degraded model during the incident. */
    private static final double DEGRADED_QUALITY = 0.1;

    /** {@code /v1/route}'s choice for every eval prompt at the default knob. */
    private static Map<String, String> decisions() {
        return decisions(null);
    }

    /** {@code /v1/route}'s choice for every eval prompt; a null target leaves the default knob. */
    private static Map<String, String> decisions(Double target) {
        Map<String, String> out = new HashMap<>();
        for (String p : prompts) {
            out.put(p, decide(p, target).path("model").asText());
        }
        return out;
    }

    private static JsonNode decide(String prompt) {
        return decide(prompt, null);
    }

    private static JsonNode decide(String prompt, Double target) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putArray("messages").addObject().put("role", "user").put("content", prompt);
        if (target != null) {
            body.putObject("routewise").put("quality_target", target);
        }
        HttpResponse<String> r = RouterTestBase.send(HttpRequest.newBuilder(URI.create(router.baseUrl() + "/v1/route"))
                .timeout(Duration.ofSeconds(20)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static boolean metricsEventually(String line) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> r = RouterTestBase.send(HttpRequest.newBuilder(URI.create(router.baseUrl() + "/metrics"))
                    .GET().build());
            if (r.body().contains(line)) {
                return true;
            }
            seen.add(r.body());
            Thread.sleep(100);
        }
        return false;
    }
}
