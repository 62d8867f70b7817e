package io.routewise.training;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Writes a small made-up traffic log whose difficulty shows in the words of the prompt: easy
 * prompts ask for a fact, hard ones to prove something, so a bag-of-words classifier can learn
 * it. Three models: {@code small} and {@code mid} answer easy prompts, {@code large} easy and
 * medium ones, nobody answers hard ones adequately.
 */
public final class SyntheticTraffic {

    private static final String[][] WORDS = {
        {"what", "capital", "colour", "name", "city", "river"},
        {"explain", "compare", "why", "difference", "history", "describe"},
        {"prove", "theorem", "integral", "derive", "lemma", "rigorous"},
    };
    private static final String[] TASKS = {"trivia_qa", "mmlu", "math"};

    private SyntheticTraffic() {
    }

    /**
     * Trains a model directory, {@code dir/model}, on 240 synthetic requests ({@code dir/traffic.jsonl}, seed 5)
     * with the given features, a quarter held out (seed 3), progress discarded.
     */
    public static TrainingSummary trainQuietly(Path dir, FeatureSource features) throws IOException {
        Path log = write(dir.resolve("traffic.jsonl"), 240, 5);
        return TrainingRun.run(java.util.List.of(log), dir.resolve("model"), 0.25, 3, features,
                new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    public static Path write(Path file, int requests, long seed) throws IOException {
        Random rnd = new Random(seed);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < requests; i++) {
                int level = i % 3;
                StringBuilder prompt = new StringBuilder();
                for (int k = 0; k < 6; k++) {
                    String[] pool = rnd.nextInt(4) == 0 ? WORDS[rnd.nextInt(3)] : WORDS[level];
                    prompt.append(pool[rnd.nextInt(pool.length)]).append(' ');
                }
                prompt.append("item ").append(i);
                // easy: all three adequate; medium: only large; hard: none (see Complexity's cut points).
                double small = level == 0 ? 1 : 0;
                double mid = level == 0 ? 1 : 0.2 * rnd.nextInt(2);
                double large = level == 2 ? 0.2 * rnd.nextInt(2) : 1;
                w.write(String.format(Locale.ROOT,
                        "{\"request_id\":\"syn-%d\",\"task\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}],"
                                + "\"responses\":[{\"model\":\"small\",\"outcome\":%.1f,\"cost_usd\":0.0001},"
                                + "{\"model\":\"mid\",\"outcome\":%.1f,\"cost_usd\":0.001},"
                                + "{\"model\":\"large\",\"outcome\":%.1f,\"cost_usd\":0.01}]}%n",
                        i, TASKS[level], prompt, small, mid, large));
            }
        }
        return file;
    }
}
