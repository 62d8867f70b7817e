package io.routewise.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.classifier.RequestClassifier;
import io.routewise.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Scores built-in prompts with the routing model before the router listens, so that the JIT has compiled the
 * decision path (featurizing, the heads, the neighbour searches) before traffic arrives.
 *
 * <p>Why: on two cores, a router started cold into 32 concurrent callers leaves the compiler threads little CPU
 * while its decisions run interpreted. Over its first 8 seconds it served a median 218 decisions/s in seven starts
 * (10 to 350; in one it stayed near 10/s for 24 seconds), against a median 427/s (296 to 742) in six starts after a
 * 5-second warm-up, and 600-1,000/s once warm (scripts/bench-cold-start, 2026-12-07). Scoring alone (never
 * from the score cache, which would skip it) warms what costs: the rest of a decision is a few map lookups. The
 * prompts (greetings to proofs, other languages, a system prompt, pasted text) take the branches real requests take.
 */
final class DecisionWarmup {

    static final String PROMPTS = "warmup-prompts.jsonl";

    /** @param scored prompts scored; {@code took} the time it took */
    record Result(int scored, Duration took) {
    }

    private DecisionWarmup() {
    }

    /** Scores the built-in prompts in turn until {@code budget} has passed. */
    static Result run(RequestClassifier classifier, Duration budget) {
        return run(classifier, budget, prompts(), System::nanoTime);
    }

    static Result run(RequestClassifier classifier, Duration budget, List<ChatRequest> requests, LongSupplier nanoTime) {
        if (budget.isZero() || budget.isNegative() || requests.isEmpty()) {
            return new Result(0, Duration.ZERO);
        }
        long start = nanoTime.getAsLong();
        long end = start + budget.toNanos();
        int scored = 0;
        do {
            classifier.scoreAfresh(requests.get(scored % requests.size()));
            scored++;
        } while (nanoTime.getAsLong() - end < 0); // overflow-safe, as System.nanoTime must be compared
        return new Result(scored, Duration.ofNanos(nanoTime.getAsLong() - start));
    }

    /** The built-in prompts: JSON lines with {@code user} and an optional {@code system}. */
    static List<ChatRequest> prompts() {
        List<ChatRequest> out = new ArrayList<>();
        try (InputStream in = DecisionWarmup.class.getResourceAsStream(PROMPTS)) {
            if (in == null) {
                throw new IllegalStateException("the warm-up prompts " + PROMPTS + " are missing from the jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode row = Json.MAPPER.readTree(line);
                List<Message> messages = new ArrayList<>(2);
                if (row.hasNonNull("system")) {
                    messages.add(Message.text(Role.SYSTEM, row.get("system").asText()));
                }
                messages.add(Message.text(Role.USER, row.get("user").asText()));
                out.add(ChatRequest.of("auto", messages));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the warm-up prompts: " + e.getMessage(), e);
        }
        return List.copyOf(out);
    }
}
