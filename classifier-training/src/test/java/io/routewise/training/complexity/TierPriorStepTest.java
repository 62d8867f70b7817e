package io.routewise.training.complexity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.classifier.ComplexityNeighbours;
import io.routewise.classifier.OnnxClassifier;
import io.routewise.classifier.TierPrior;
import io.routewise.training.HashedWordFeatures;
import io.routewise.training.TierPriorFeatures;
import io.routewise.training.TrainingInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TierPriorStepTest {

    private static final HashedWordFeatures FEATURES = new HashedWordFeatures(32);
    private static final TierPriorFeatures READS = TierPriorFeatures.sameAs(FEATURES);

    @TempDir
    Path tmp;

    /** Easy prompts share greeting words, hard ones proof words; two sources. */
    private Path prompts() throws IOException {
        List<String> lines = new ArrayList<>();
        String[] easy = {"hello", "thanks", "hi", "capital", "spell"};
        String[] hard = {"prove", "theorem", "derive", "architecture", "consensus"};
        for (int i = 0; i < 120; i++) {
            String src = i % 2 == 0 ? "one" : "two";
            lines.add("{\"source\":\"" + src + "\",\"complexity\":\"easy\",\"prompt\":\"" + easy[i % 5] + " " + easy[(i + 2) % 5]
                    + " item " + i + "\"}");
            lines.add("{\"source\":\"" + src + "\",\"complexity\":\"hard\",\"prompt\":\"" + hard[i % 5] + " " + hard[(i + 3) % 5]
                    + " lemma " + i + " and more words in a longer request\"}");
        }
        Path file = tmp.resolve("labelled.jsonl");
        Files.write(file, lines);
        return file;
    }

    private static float[] features(String text) {
        return FEATURES.features(List.of(Message.text(Role.USER, text)));
    }

    @Test
    void writesAHeadWhoseOnnxGraphAgreesAndAPriorThatMeansWhatTheLabelsSay() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path dir = tmp.resolve("model");
        TierPrior prior = TierPriorStep.run(List.of(prompts()), READS, 1, Map.of(1, -0.5, 2, 0.2, 3, 1.0), dir, 3, 5,
                new PrintStream(out, true));
        assertThat(dir.resolve(TierPriorStep.FILE_NAME)).exists();
        assertThat(prior.details().path("onnx_vs_java_max_abs_diff").asDouble()).isLessThan(1e-4);
        // The labels' meaning: an average easy prompt, a tier-1 model right 98 %; an average hard one, tier 3 right 50 %.
        assertThat(prior.expected(1, prior.easeOfEasy())).isCloseTo(0.98, within(1e-9));
        assertThat(prior.expected(3, prior.easeOfHard())).isCloseTo(0.5, within(1e-9));
        assertThat(prior.easeOfEasy()).isGreaterThan(prior.easeOfHard());
        try (OnnxClassifier head = OnnxClassifier.open(dir.resolve(TierPriorStep.FILE_NAME), "input", "output",
                List.of(TierPrior.EASE), FEATURES.names().size())) {
            double easy = head.probabilities(features("hello thanks there"))[0];
            double hard = head.probabilities(features("prove the theorem and derive the lemma in a longer request"))[0];
            assertThat(easy).isGreaterThan(hard + 0.3);
        }
        assertThat(prior.details().path("evaluation").path("leave_one_source_out")).hasSize(2);
        assertThat(out.toString()).contains("complexity head");
    }

    /** The easy and hard prompts of {@link #prompts()} and medium ones that share a little of each. */
    private Path promptsWithMedium() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(prompts()));
        String[] medium = {"explain", "summarise", "email", "function", "compare"};
        for (int i = 0; i < 120; i++) {
            String src = i % 2 == 0 ? "one" : "two";
            lines.add("{\"source\":\"" + src + "\",\"complexity\":\"medium\",\"prompt\":\"" + medium[i % 5] + " "
                    + medium[(i + 1) % 5] + " thanks prove case " + i + " in a request\"}");
        }
        Path file = tmp.resolve("labelled-medium.jsonl");
        Files.write(file, lines);
        return file;
    }

    @Test
    void withMediumPromptsTheAverageMediumPromptIsOneTheMiddleTierAnswersAsTheDefinitionSays() throws IOException {
        TierPrior prior = TierPriorStep.run(List.of(promptsWithMedium()), READS, 1, Map.of(1, -0.5, 2, 0.2, 3, 1.0),
                tmp.resolve("model"), 3, 5, new PrintStream(new ByteArrayOutputStream(), true));
        assertThat(prior.hasMediumAnchor()).isTrue();
        assertThat(prior.easeOfMedium()).isStrictlyBetween(prior.easeOfHard(), prior.easeOfEasy());
        assertThat(prior.expected(2, prior.easeOfMedium())).isCloseTo(TierPriorStep.MEDIUM_AT_MIDDLE_TIER, within(1e-9));
        assertThat(prior.expected(1, prior.easeOfEasy())).isCloseTo(0.98, within(1e-9));
        assertThat(prior.expected(3, prior.easeOfHard())).isCloseTo(0.5, within(1e-9));
        assertThat(prior.details().path("medium_difficulty").asText()).contains("tier-2", "0.95");
    }

    @Test
    void withoutMediumPromptsOrAMiddleTierTheScaleRunsStraightFromEasyToHard() throws IOException {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true);
        TierPrior noMedium = TierPriorStep.run(List.of(prompts()), READS, 1, Map.of(1, -0.5, 2, 0.2, 3, 1.0),
                tmp.resolve("a"), 3, 5, quiet);
        assertThat(noMedium.hasMediumAnchor()).isFalse();
        TierPrior twoTiers = TierPriorStep.run(List.of(promptsWithMedium()), READS, 1, Map.of(1, -0.5, 3, 1.0),
                tmp.resolve("b"), 3, 5, quiet);
        assertThat(twoTiers.hasMediumAnchor()).isFalse();
        assertThat(twoTiers.details().path("medium_difficulty").asText()).contains("no tier between");
    }

    @Test
    void theMiddleTierIsTheMedianOfThoseWithAbilities() {
        assertThat(TierPriorStep.middleTier(new java.util.TreeMap<>(Map.of(1, 0.0, 3, 1.0)))).isNull();
        assertThat(TierPriorStep.middleTier(new java.util.TreeMap<>(Map.of(1, 0.0, 2, 0.5, 3, 1.0)))).isEqualTo(2);
        assertThat(TierPriorStep.middleTier(new java.util.TreeMap<>(Map.of(1, 0.0, 2, 0.5, 3, 1.0, 4, 2.0)))).isEqualTo(3);
    }

    @Test
    void withinALevelSourcesShareItsWeightByTheSquareRootOfTheirCounts() {
        List<ComplexityPrompt> prompts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            prompts.add(new ComplexityPrompt("big", "hard " + i, io.routewise.training.Complexity.HARD));
        }
        for (int i = 0; i < 4; i++) {
            prompts.add(new ComplexityPrompt("small", "hard small " + i, io.routewise.training.Complexity.HARD));
        }
        for (int i = 0; i < 52; i++) {
            prompts.add(new ComplexityPrompt("seeds", "easy " + i, io.routewise.training.Complexity.EASY));
        }
        int[] rows = java.util.stream.IntStream.range(0, prompts.size()).toArray();
        float[] w = ComplexityHeadTrainer.levelWeights(prompts, rows);
        double big = 0;
        double small = 0;
        double easy = 0;
        for (int i = 0; i < w.length; i++) {
            switch (prompts.get(i).source()) {
                case "big" -> big += w[i];
                case "small" -> small += w[i];
                default -> easy += w[i];
            }
        }
        // Levels still count the same in total; within the hard level, 100 prompts against 4 share 10 : 2.
        assertThat(big + small).isCloseTo(easy, within(1e-3));
        assertThat(big / small).isCloseTo(5.0, within(1e-4));
        assertThat(big + small + easy).isCloseTo(prompts.size(), within(1e-3));
    }

    /**
     * Ease no linear head can read: a prompt is easy when it has both marker words or neither, hard when it
     * has exactly one. Prompts that share the markers are each other's nearest neighbours.
     */
    private Path exclusiveOrPrompts() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            boolean a = i % 2 == 0;
            boolean b = (i / 2) % 2 == 0;
            String text = (a ? "alpha " : "gamma ") + (b ? "beta" : "delta") + " note " + (i % 7);
            lines.add("{\"source\":\"s" + (i % 3) + "\",\"complexity\":\"" + (a == b ? "easy" : "hard")
                    + "\",\"prompt\":\"" + text + "\"}");
        }
        Path file = tmp.resolve("xor.jsonl");
        Files.write(file, lines);
        return file;
    }

    @Test
    void whereTheHeadCannotReadTheEaseTheLabelledNeighboursTakeItsShareAndShipAsAFile() throws IOException {
        Path dir = tmp.resolve("xor-model");
        TierPrior prior = TierPriorStep.run(List.of(exclusiveOrPrompts()), READS, 1, Map.of(1, -0.5, 3, 1.0), dir, 3, 5,
                new PrintStream(new ByteArrayOutputStream()));
        assertThat(prior.headWeight()).isLessThanOrEqualTo(0.25);
        assertThat(prior.neighboursFile()).isEqualTo(ComplexityNeighbours.FILE_NAME);
        assertThat(prior.details().path("evaluation").path("mean_held_out_brier_by_head_weight")).hasSize(5);
        ComplexityNeighbours neighbours = ComplexityNeighbours.read(dir.resolve(ComplexityNeighbours.FILE_NAME),
                FEATURES.names().size());
        try (OnnxClassifier head = OnnxClassifier.open(dir.resolve(TierPriorStep.FILE_NAME), "input", "output",
                List.of(TierPrior.EASE), FEATURES.names().size())) {
            java.util.function.ToDoubleFunction<String> ease = text -> prior.ease(
                    head.probabilities(features(text))[0], neighbours.predict(features(text)));
            assertThat(ease.applyAsDouble("alpha beta note 3")).isGreaterThan(ease.applyAsDouble("alpha delta note 3") + 0.3);
            assertThat(ease.applyAsDouble("gamma delta note 5")).isGreaterThan(ease.applyAsDouble("gamma beta note 5") + 0.3);
        }
    }

    @Test
    void whereTheHeadAloneIsBestNoNeighbourFileIsLeftBehind() throws IOException {
        Path dir = tmp.resolve("model");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(ComplexityNeighbours.FILE_NAME), "from an earlier run");
        ComplexityHeadTrainer.HeldOut perfectHead = new ComplexityHeadTrainer.HeldOut("s", new int[] {0, 1},
                new double[] {1, 0}, new double[] {0.5, 0.5});
        List<ComplexityPrompt> two = List.of(new ComplexityPrompt("s", "hi", io.routewise.training.Complexity.EASY),
                new ComplexityPrompt("s", "prove it", io.routewise.training.Complexity.HARD));
        assertThat(ComplexityHeadTrainer.chooseBlend(two, List.of(perfectHead), io.routewise.json.Json.object()).headWeight())
                .isEqualTo(1.0);
        TierPrior prior = TierPriorStep.run(List.of(prompts()), READS, 1, Map.of(1, -0.5, 3, 1.0), dir, 3, 5,
                new PrintStream(new ByteArrayOutputStream()));
        assertThat(dir.resolve(ComplexityNeighbours.FILE_NAME).toFile().exists()).isEqualTo(prior.headWeight() < 1);
    }

    /**
     * Three sources of two prompts (easy, hard) each; the head reads 0.5 everywhere and the neighbours read each
     * source with an error per size penalty (index 0, 1): a stronger penalty is taken only when the sources agree.
     */
    private static ComplexityHeadTrainer.Blend blendOf(double[][] errorsBySource, ObjectNode evaluation) {
        List<ComplexityPrompt> prompts = new ArrayList<>();
        List<ComplexityHeadTrainer.HeldOut> heldOut = new ArrayList<>();
        for (int s = 0; s < errorsBySource.length; s++) {
            prompts.add(new ComplexityPrompt("s" + s, "easy " + s, io.routewise.training.Complexity.EASY));
            prompts.add(new ComplexityPrompt("s" + s, "hard " + s, io.routewise.training.Complexity.HARD));
            double[][] byPenalty = new double[2][];
            for (int p = 0; p < 2; p++) {
                double e = errorsBySource[s][p];
                byPenalty[p] = new double[] {1 - e, e};
            }
            heldOut.add(new ComplexityHeadTrainer.HeldOut("s" + s, new int[] {2 * s, 2 * s + 1}, new double[] {0.5, 0.5},
                    byPenalty));
        }
        return ComplexityHeadTrainer.chooseBlend(prompts, heldOut, evaluation);
    }

    @Test
    void aSizePenaltyIsTakenOnlyWhereTheSourcesAgreeItReadsBetter() {
        // Every source reads better with the penalty: taken.
        ObjectNode agree = io.routewise.json.Json.object();
        assertThat(blendOf(new double[][] {{0.3, 0.1}, {0.35, 0.1}, {0.3, 0.15}}, agree).sizePenalty()).isEqualTo(1);
        assertThat(agree.path("size_penalty").asDouble()).isEqualTo(ComplexityHeadTrainer.SIZE_PENALTIES[1]);
        // Better on average, through one source alone while the others get a little worse: within the spread, so not.
        ObjectNode disagree = io.routewise.json.Json.object();
        assertThat(blendOf(new double[][] {{0.5, 0.0}, {0.1, 0.15}, {0.1, 0.15}}, disagree).sizePenalty()).isZero();
        assertThat(disagree.path("mean_held_out_brier_by_size_penalty").size()).isEqualTo(2);
    }

    @Test
    void theBlendIsChosenByTheMeanBrierOverSourcesEachCountingTheSame() {
        List<ComplexityPrompt> prompts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            prompts.add(new ComplexityPrompt(i < 2 ? "small" : "large", "p" + i,
                    i % 2 == 0 ? io.routewise.training.Complexity.EASY : io.routewise.training.Complexity.HARD));
        }
        // The small source (2 prompts): the neighbours exact, the head 0.5 off; the large one (8): the head
        // exact, the neighbours 0.3 off. Mean Brier by source: 0.125·w² + 0.045·(1 − w)², lowest on the grid at
        // w = 0.25; pooled by prompt it would be 0.05·w² + 0.072·(1 − w)², lowest at w = 0.5.
        ComplexityHeadTrainer.HeldOut small = new ComplexityHeadTrainer.HeldOut("small", new int[] {0, 1},
                new double[] {0.5, 0.5}, new double[] {1, 0});
        int[] rows = {2, 3, 4, 5, 6, 7, 8, 9};
        double[] head = new double[8];
        double[] neighbours = new double[8];
        for (int j = 0; j < 8; j++) {
            double target = prompts.get(rows[j]).ease();
            head[j] = target;
            neighbours[j] = target == 1 ? 0.7 : 0.3;
        }
        ComplexityHeadTrainer.HeldOut large = new ComplexityHeadTrainer.HeldOut("large", rows, head, neighbours);
        com.fasterxml.jackson.databind.node.ObjectNode evaluation = io.routewise.json.Json.object();
        assertThat(ComplexityHeadTrainer.chooseBlend(prompts, List.of(small, large), evaluation).headWeight()).isEqualTo(0.25);
        assertThat(evaluation.path("head_weight").asDouble()).isEqualTo(0.25);
        assertThat(evaluation.path("mean_held_out_brier_by_head_weight").path("1.00").asDouble())
                .isCloseTo(0.125, within(1e-9));
        assertThat(evaluation.path("mean_held_out_brier_by_head_weight").path("0.00").asDouble())
                .isCloseTo(0.045, within(1e-9));
    }

    @Test
    void withoutTierAbilitiesThereIsNoPriorAndNothingIsWritten() throws IOException {
        Path dir = tmp.resolve("none");
        assertThat(TierPriorStep.run(List.of(prompts()), READS, 1, Map.of(), dir, 3, 5, new PrintStream(
                new ByteArrayOutputStream()))).isNull();
        assertThat(dir.resolve(TierPriorStep.FILE_NAME)).doesNotExist();
    }

    @Test
    void promptsOfOneLevelOnlyCannotTeachAnything() throws IOException {
        Path file = tmp.resolve("easy-only.jsonl");
        Files.writeString(file, "{\"prompt\":\"hi\",\"complexity\":\"easy\"}\n{\"prompt\":\"hey\",\"complexity\":\"easy\"}\n");
        assertThatThrownBy(() -> TierPriorStep.run(List.of(file), READS, 1, Map.of(1, 0.0, 3, 1.0), tmp.resolve("m"), 3, 5,
                new PrintStream(new ByteArrayOutputStream())))
                .isInstanceOf(TrainingInputException.class).hasMessageContaining("at least two complexity levels");
    }
}
