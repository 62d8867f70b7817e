package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.config.ConfigLoader;
import io.routewise.config.RoutewiseConfig;
import io.routewise.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped model and catalog at the default knob send obviously easy requests (greetings, one-line
 * facts and lookups, simple classification) to a tier-1 model and obviously hard ones (proofs, systems
 * design, multi-step derivations) to a tier-3 model. The prompts ({@code out-of-the-box/prompts.jsonl})
 * were written for this test and appear in no training or eval set.
 */
class OutOfTheBoxRoutingTest {

    static RunningRouter router;
    static RoutewiseConfig config;

    @BeforeAll
    static void start() {
        config = TestLedgers.isolated(ConfigLoader.loadDefault());
        router = RouterLauncher.start(config, new RouterLauncher.Options("127.0.0.1", 0, true, ShippedModelTest.SHIPPED));
    }

    @AfterAll
    static void stop() {
        if (router != null) {
            router.close();
        }
    }

    record Case(String expect, String kind, String prompt) {
    }

    static List<Case> fixture() throws IOException {
        List<Case> out = new ArrayList<>();
        try (InputStream in = OutOfTheBoxRoutingTest.class.getResourceAsStream("/out-of-the-box/prompts.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    JsonNode n = Json.MAPPER.readTree(line);
                    out.add(new Case(n.path("expect").asText(), n.path("kind").asText(), n.path("prompt").asText()));
                }
            }
        }
        return out;
    }

    int tierOf(String prompt) throws IOException {
        return tierOf(Json.MAPPER.createArrayNode().add(Json.object().put("role", "user").put("content", prompt)));
    }

    int tierOf(com.fasterxml.jackson.databind.node.ArrayNode messages) throws IOException {
        return config.model(route(messages).path("model").asText()).orElseThrow().tier();
    }

    /** The decision of {@code /v1/route} for these messages. */
    JsonNode route(com.fasterxml.jackson.databind.node.ArrayNode messages) throws IOException {
        String body = Json.MAPPER.writeValueAsString(Json.object().set("messages", messages));
        HttpResponse<String> r = RouterTestBase.send(HttpRequest.newBuilder(URI.create(router.baseUrl() + "/v1/route"))
                .timeout(Duration.ofSeconds(20)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void easyRequestsGoToTierOneAndHardOnesToTierThree() throws IOException {
        List<Case> cases = fixture();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(30);
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            int tier = tierOf(c.prompt());
            int wanted = c.expect().equals("easy") ? 1 : 3;
            if (tier != wanted) {
                wrong.add(c.kind() + " '" + c.prompt() + "' went to tier " + tier + ", expected " + wanted);
            }
        }
        assertThat(wrong).as("misrouted").isEmpty();
    }

    /** A decision says how easy the tier prior read the prompt, beside its scale's anchors, so a person can see why. */
    @Test
    void aDecisionReportsTheEaseItWasMadeOn() throws IOException {
        JsonNode greeting = route("hi");
        JsonNode proof = route("Prove that the alternating group A5 is simple, using the orders of its conjugacy classes.");
        assertThat(greeting.path("ease").isNumber()).as(greeting.toString()).isTrue();
        assertThat(greeting.path("ease").asDouble()).isBetween(0.0, 1.0).isGreaterThan(proof.path("ease").asDouble());
        String said = greeting.path("reasons").get(greeting.path("reasons").size() - 1).asText();
        assertThat(said).startsWith(String.format(java.util.Locale.ROOT, "the tier prior reads the prompt's ease as %.2f",
                greeting.path("ease").asDouble())).contains("if easy").contains("if medium").contains("if hard");
    }

    /**
     * The router keeps each prompt's scores (server.score_cache_entries, on by default), and a prompt seen again is
     * decided exactly as the first time: same model, fallbacks, probabilities, ease and reasons. The prompts carry a
     * suffix of this test's own so no other test has sent them before.
     */
    @Test
    void aPromptSeenAgainIsDecidedFromTheScoreCacheExactlyAsTheFirstTime() throws IOException {
        List<Case> cases = fixture();
        double hits = cacheRequests("hit");
        double misses = cacheRequests("miss");
        for (Case c : cases) {
            String prompt = c.prompt() + " (asked twice)";
            com.fasterxml.jackson.databind.node.ObjectNode first = (com.fasterxml.jackson.databind.node.ObjectNode) route(prompt);
            com.fasterxml.jackson.databind.node.ObjectNode again = (com.fasterxml.jackson.databind.node.ObjectNode) route(prompt);
            first.remove("request_id");
            again.remove("request_id");
            assertThat(again).as(prompt).isEqualTo(first);
        }
        assertThat(cacheRequests("hit") - hits).isEqualTo(cases.size());
        assertThat(cacheRequests("miss") - misses).isEqualTo(cases.size());
    }

    /** {@code routewise_score_cache_requests_total} for one result, from {@code /metrics}. */
    private double cacheRequests(String result) {
        HttpResponse<String> r = RouterTestBase.send(HttpRequest.newBuilder(URI.create(router.baseUrl() + "/metrics"))
                .GET().build());
        String line = "routewise_score_cache_requests_total{result=\"" + result + "\"} ";
        return r.body().lines().filter(l -> l.startsWith(line)).mapToDouble(l -> Double.parseDouble(l.substring(line.length())))
                .findFirst().orElseThrow(() -> new AssertionError("no " + line + "in /metrics"));
    }

    private JsonNode route(String prompt) throws IOException {
        return route(Json.MAPPER.createArrayNode().add(Json.object().put("role", "user").put("content", prompt)));
    }

    record Probe(String expect, String kind, String language, String prompt) {
    }

    /**
     * A wider regression guard than the fixture: 262 probe prompts written on 2026-12-07 outside the repository
     * (mixed easy and hard requests, simple and hard code, format constraints, twelve other languages), in no
     * training or eval set, but used while developing the tier prior, so they are not an acceptance test. The
     * bounds sit a little below what the shipped model does (English easy to tier 1: 114 of 119, to tier 3: 0;
     * English hard to tier 3: 101 of 107; other languages, easy to tier 1: 18 of 24, to tier 3: 0; hard to tier 3:
     * 10 of 12; no hard one to tier 1). With the pasted-text seeds, prompts near a tier boundary moved both ways
     * (11 of 262). With the medium anchor and the size-aware labelled neighbours (TierPrior.hasMediumAnchor,
     * ComplexityNeighbours' size penalty), easy ones moved to tier 1 (English 106 -> 114, other languages 11 -> 18)
     * and six short hard ones to tier 2 (named proofs and a compiler; 106 -> 101 in English, 12 -> 10 in others):
     * a one-line proof is now compared with one-line prompts first, few of which are hard.
     */
    @Test
    void theWiderProbeSetStaysWhereTheShippedModelPutIt() throws IOException {
        Routed routed = routed("/out-of-the-box/probes.jsonl", 262);
        java.util.Map<String, int[]> byGroup = routed.byGroup();
        String report = routed.report();
        assertThat(share(byGroup.get("en easy"), 1)).as(report).isGreaterThanOrEqualTo(0.90);
        assertThat(share(byGroup.get("en easy"), 3)).as(report).isLessThanOrEqualTo(0.05);
        assertThat(share(byGroup.get("en hard"), 3)).as(report).isGreaterThanOrEqualTo(0.93);
        assertThat(share(byGroup.get("en hard"), 1)).as(report).isZero();
        assertThat(share(byGroup.get("other easy"), 1)).as(report).isGreaterThanOrEqualTo(0.65);
        assertThat(share(byGroup.get("other easy"), 3)).as(report).isLessThanOrEqualTo(0.10);
        assertThat(share(byGroup.get("other hard"), 3)).as(report).isGreaterThanOrEqualTo(0.80);
        assertThat(share(byGroup.get("other hard"), 1)).as(report).isZero();
    }

    private static double share(int[] tiers, int tier) {
        return (double) tiers[tier] / (tiers[1] + tiers[2] + tiers[3]);
    }

    static List<Probe> probes(String resource) throws IOException {
        List<Probe> probes = new ArrayList<>();
        try (InputStream in = OutOfTheBoxRoutingTest.class.getResourceAsStream(resource)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    JsonNode n = Json.MAPPER.readTree(line);
                    probes.add(new Probe(n.path("expect").asText(), n.path("kind").asText(), n.path("language").asText(),
                            n.path("prompt").asText()));
                }
            }
        }
        return probes;
    }

    /** A probe file's tiers per "language expect" group (counts of tiers 1..3, index 0 unused) and a report of misroutes. */
    record Routed(java.util.Map<String, int[]> byGroup, String report) {
    }

    /** Reads a probe file of this many probes and routes every one. */
    private Routed routed(String resource, int size) throws IOException {
        List<Probe> probes = probes(resource);
        assertThat(probes).hasSize(size);
        java.util.Map<String, int[]> byGroup = new java.util.TreeMap<>();
        String report = route(probes, byGroup);
        return new Routed(byGroup, report);
    }

    /** Routes every probe, counts tiers per "language expect" group into {@code byGroup}; returns a report. */
    private String route(List<Probe> probes, java.util.Map<String, int[]> byGroup) throws IOException {
        List<String> misrouted = new ArrayList<>();
        for (Probe p : probes) {
            int tier = tierOf(p.prompt());
            byGroup.computeIfAbsent(p.language() + " " + p.expect(), k -> new int[4])[tier]++;
            if (tier != switch (p.expect()) {
                case "easy" -> 1;
                case "medium" -> 2;
                default -> 3;
            }) {
                misrouted.add(p.kind() + " '" + p.prompt() + "' -> tier " + tier);
            }
        }
        return byGroup.entrySet().stream().map(e -> e.getKey() + " " + java.util.Arrays.toString(e.getValue()))
                .toList() + "; misrouted: " + misrouted;
    }

    /**
     * Simple tasks on text the user pastes (summarise, extract, classify, translate, fix a one-line bug) are easy
     * however long the pasted text is; hard tasks on pasted text (find the flaw in a proof, a race in code, design
     * a migration from an architecture) stay hard. 60 probes written on 2026-12-07 outside the repository and
     * outside the training seeds, in three sets: 16 used while writing the pasted-text seeds of
     * training-sets/complexity.jsonl, 24 written before those seeds were trained on, 20 on new kinds of passage
     * written after. The labelled prompts had long prompts only from Arena-Hard, and a prompt's embedding is the
     * mean over its pieces, so before the seeds and the instruction's own inputs (InstructionFeatures) every
     * English easy one went to tier 2 or 3. The bounds sit a little below what the shipped model does (English
     * easy: tier 1 29 of 48, tier 3 7 of 48, 16 before the medium anchor and the size-aware neighbours; hard: 10 of
     * 10 to tier 3): a regression guard, of a partial fix.
     */
    @Test
    void simpleTasksOnPastedTextAreNotReadAsHard() throws IOException {
        Routed routed = routed("/out-of-the-box/pasted.jsonl", 60);
        java.util.Map<String, int[]> byGroup = routed.byGroup();
        String report = routed.report();
        int[] hard = new int[4];
        byGroup.forEach((group, tiers) -> {
            if (group.endsWith(" hard")) {
                for (int t = 1; t <= 3; t++) {
                    hard[t] += tiers[t];
                }
            }
        });
        assertThat(share(byGroup.get("en easy"), 1)).as(report).isGreaterThanOrEqualTo(0.45);
        assertThat(share(byGroup.get("en easy"), 3)).as(report).isLessThanOrEqualTo(0.25);
        assertThat(share(hard, 3)).as(report).isEqualTo(1.0);
    }

    /**
     * Everyday requests (explain a concept, a how-to, a small program, an email, a plan) are what apps send most,
     * and a middle-tier model answers them; the labelled hard prompts (Arena-Hard's 1,250) cover the same topics,
     * so they read as hard. 94 such requests written on 2026-12-07 outside the repository, in three sets: 24 used
     * while building the medium anchor, 40 written before the everyday seeds of training-sets/complexity.jsonl,
     * 30 on other kinds of request written after them, with 10 easy and 10 hard ones of the third set beside
     * them. Before the medium anchor, 53 of the 94 went to tier 3 (the medium seeds themselves: 44 of 79); with it,
     * the source shares and the seeds 47 (the third set: 15 of 30 before and after); with the size-aware labelled
     * neighbours as well, the shipped model sends 30 (the third set: 9): a regression guard of a partial fix.
     */
    @Test
    void everydayRequestsDoNotMostlyGoToTheTopTier() throws IOException {
        Routed routed = routed("/out-of-the-box/everyday.jsonl", 114);
        java.util.Map<String, int[]> byGroup = routed.byGroup();
        String report = routed.report();
        assertThat(share(byGroup.get("en medium"), 3)).as(report).isLessThanOrEqualTo(0.40);
        assertThat(share(byGroup.get("en easy"), 1)).as(report).isGreaterThanOrEqualTo(0.9);
        assertThat(share(byGroup.get("en hard"), 3)).as(report).isEqualTo(1.0);
    }

    /**
     * Apps send a system prompt, and chats carry earlier turns; neither makes "hi" hard or a proof easy.
     * (With the system prompt's words in the complexity reading, every easy prompt here went to tier 3.)
     */
    @Test
    void aSystemPromptOrEarlierTurnsDoNotMoveTheTier() throws IOException {
        String system = "You are the assistant inside a note-taking app. Keep answers short and friendly, and ask "
                + "before doing anything irreversible.";
        List<String> wrong = new ArrayList<>();
        for (Case c : fixture()) {
            int wanted = c.expect().equals("easy") ? 1 : 3;
            int behindSystem = tierOf(Json.MAPPER.createArrayNode()
                    .add(Json.object().put("role", "system").put("content", system))
                    .add(Json.object().put("role", "user").put("content", c.prompt())));
            int laterTurn = tierOf(Json.MAPPER.createArrayNode()
                    .add(Json.object().put("role", "user").put("content", "Good morning!"))
                    .add(Json.object().put("role", "assistant").put("content", "Good morning! What can I do for you?"))
                    .add(Json.object().put("role", "user").put("content", c.prompt())));
            if (behindSystem != wanted || laterTurn != wanted) {
                wrong.add(c.kind() + " '" + c.prompt() + "': tier " + behindSystem + " behind a system prompt, "
                        + laterTurn + " as a later turn, expected " + wanted);
            }
        }
        assertThat(wrong).as("misrouted").isEmpty();
    }
}
