package io.routewise.training.complexity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.classifier.ComplexityNeighbours;
import io.routewise.classifier.OnnxClassifier;
import io.routewise.classifier.TierPrior;
import io.routewise.features.InstructionFeatures;
import io.routewise.json.Json;
import io.routewise.training.FeatureSource;
import io.routewise.training.LineProblem;
import io.routewise.training.ParallelFeaturizer;
import io.routewise.training.TierPriorFeatures;
import io.routewise.training.TrainingInputException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The tier prior of a training run ({@link TierPrior}): reads the complexity-labelled prompts, trains
 * the complexity head, writes it to the model directory, and states what the labels mean on the
 * item-response scale of the tier abilities:
 * <ul>
 *   <li>easy: a model of the lowest tier answers adequately with chance {@value #EASY_AT_LOWEST_TIER};</li>
 *   <li>medium: a model of the middle tier answers adequately with chance {@value #MEDIUM_AT_MIDDLE_TIER};</li>
 *   <li>hard: a model of the highest tier answers adequately with chance {@value #HARD_AT_HIGHEST_TIER}.</li>
 * </ul>
 * These are definitions of the words, the way the eval sets use them (an easy item is one any small
 * model should pass; a medium one, one a mid-sized model nearly always handles; a hard one may defeat a
 * frontier model), not values fitted to anything; the logged outcomes fix only the gaps between tiers.
 * Without the medium anchor, medium prompts were placed by the straight line between easy and hard, where
 * the shipped abilities make the top tier worth its price: an ordinary medium request went to tier 3.
 */
public final class TierPriorStep {

    public static final String FILE_NAME = "complexity.onnx";
    public static final double EASY_AT_LOWEST_TIER = 0.98;
    public static final double HARD_AT_HIGHEST_TIER = 0.5;
    public static final double MEDIUM_AT_MIDDLE_TIER = 0.95;

    private TierPriorStep() {
    }

    /**
     * @param abilities the tier abilities fitted to the training logs
     * @return the prior, or null when there are no tier abilities to anchor it (nothing is written then)
     */
    public static TierPrior run(List<Path> promptFiles, TierPriorFeatures reads, int threads, Map<Integer, Double> abilities,
                                Path outDir, long seed, int epochs, PrintStream progress) {
        if (abilities.isEmpty()) {
            progress.println("tier prior: skipped, the logs give no tier abilities (no two catalog tiers answered the same "
                    + "prompts)");
            return null;
        }
        FeatureSource features = reads.source();
        ComplexityPromptReader.Result read = ComplexityPromptReader.read(promptFiles);
        for (LineProblem p : read.problems().subList(0, Math.min(10, read.problems().size()))) {
            progress.printf(Locale.ROOT, "  %s:%d: %s (skipped)%n", p.file(), p.line(), p.reason());
        }
        List<ComplexityPrompt> prompts = read.prompts();
        long levels = prompts.stream().map(ComplexityPrompt::level).distinct().count();
        if (levels < 2) {
            throw new TrainingInputException("--complexity-prompts " + promptFiles + ": need prompts of at least two "
                    + "complexity levels, read " + prompts.size() + " labelled prompt(s)" + (read.problems().isEmpty() ? ""
                    : " and " + read.problems().size() + " bad line(s)"));
        }
        progress.printf(Locale.ROOT, "tier prior: %d complexity-labelled prompts (%d without a label skipped, %d bad lines)%n",
                prompts.size(), read.unlabelled(), read.problems().size());
        float[][] turns = ParallelFeaturizer.featurize(prompts.stream().map(ComplexityHeadTrainer::conversation).toList(),
                features, threads, progress);
        // The instruction's inputs (InstructionFeatures): the instruction block's embedding minus the prompt's, for
        // prompts with something pasted; zeros for the rest.
        int dims = InstructionFeatures.embeddingDimensions(features.names());
        List<String> names = InstructionFeatures.names(features.names(), dims);
        String[] instruction = prompts.stream().map(p -> InstructionFeatures.pastedInstruction(p.prompt()))
                .toArray(String[]::new);
        int[] pasted = IntStream.range(0, instruction.length).filter(i -> instruction[i] != null).toArray();
        float[][] embedded = ParallelFeaturizer.featurize(Arrays.stream(pasted)
                .mapToObj(i -> List.of(Message.text(Role.USER, instruction[i]))).toList(), features, threads, progress);
        float[][] instructionFeatures = new float[turns.length][]; // null where a prompt is one block
        for (int k = 0; k < pasted.length; k++) {
            instructionFeatures[pasted[k]] = embedded[k];
        }
        float[][] x = new float[turns.length][];
        for (int i = 0; i < turns.length; i++) {
            x[i] = InstructionFeatures.extend(turns[i], instructionFeatures[i], dims);
        }
        progress.printf(Locale.ROOT, "tier prior: %d of %d prompts have an instruction block apart from what they paste%n",
                pasted.length, prompts.size());
        ComplexityHeadTrainer.Fit fit = ComplexityHeadTrainer.fit(prompts, x, names, seed, epochs, progress);
        try {
            java.nio.file.Files.createDirectories(outDir);
            fit.head().write(outDir.resolve(FILE_NAME), names);
            if (fit.headWeight() < 1) {
                fit.neighbours().write(outDir.resolve(ComplexityNeighbours.FILE_NAME));
            } else {
                java.nio.file.Files.deleteIfExists(outDir.resolve(ComplexityNeighbours.FILE_NAME));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tier prior to " + outDir + ": " + e.getMessage(), e);
        }
        double parity = 0;
        try (OnnxClassifier onnx = OnnxClassifier.open(outDir.resolve(FILE_NAME), "input", "output", List.of(TierPrior.EASE),
                names.size())) {
            for (float[] row : x) {
                parity = Math.max(parity, Math.abs(onnx.probabilities(row)[0] - fit.head().predict(row)[0]));
            }
        }
        progress.printf(Locale.ROOT, "tier prior: complexity head through ONNX Runtime vs Java max |diff| %.2e%n", parity);
        if (parity > 1e-4) {
            throw new IllegalStateException("the complexity head's ONNX graph disagrees with its weights by " + parity);
        }
        if (fit.headWeight() < 1) {
            ComplexityNeighbours written = ComplexityNeighbours.read(outDir.resolve(ComplexityNeighbours.FILE_NAME),
                    names.size());
            for (float[] row : x) {
                if (written.predict(row) != fit.neighbours().predict(row)) {
                    throw new IllegalStateException("the complexity neighbours read back from "
                            + ComplexityNeighbours.FILE_NAME + " disagree with those trained");
                }
            }
        }
        TreeMap<Integer, Double> known = new TreeMap<>(abilities);
        double easy = known.firstEntry().getValue() - logit(EASY_AT_LOWEST_TIER);
        double hard = known.lastEntry().getValue() - logit(HARD_AT_HIGHEST_TIER);
        Integer middleTier = middleTier(known);
        Double medium = null;
        if (fit.hasMedium() && middleTier != null) {
            double d = known.get(middleTier) - logit(MEDIUM_AT_MIDDLE_TIER);
            medium = d > easy && d < hard ? d : null; // a middle tier whose ability gives no level between the two
        }
        ObjectNode details = Json.object();
        details.put("complexity_head", fit.head().description() + "; target ease 1 easy, 0.5 medium, 0 hard; levels "
                + "weighted to equal totals, shared among their sources by the square root of their counts");
        details.put("complexity_neighbours", fit.headWeight() < 1 ? String.format(Locale.ROOT, "%s: the similarity- and "
                + "level-weighted mean ease of the %d labelled prompts nearest by embedding cosine%s; ease = %.2f head + %.2f "
                + "neighbours, the share (and penalty) with the lowest mean Brier over held-out sources",
                ComplexityNeighbours.FILE_NAME, fit.neighbours().k(), fit.neighbours().sizePenalty() > 0
                        ? String.format(Locale.ROOT, " less %.2f per e-fold of difference in the last user turn's tokens",
                        fit.sizePenalty()) : "", fit.headWeight(), 1 - fit.headWeight())
                : "not used: the head alone had the lowest mean Brier over held-out sources");
        details.put("prompts", promptFiles.toString());
        details.put("abilities", "one-parameter item-response model fitted to the training logs: logit P(adequate) = "
                + "ability(tier) - difficulty(prompt), centred on the average logged answer");
        details.put("easy_difficulty", "a prompt of ease 1 is answered adequately by a tier-" + known.firstKey()
                + " model with chance " + EASY_AT_LOWEST_TIER);
        details.put("hard_difficulty", "a prompt of ease 0 is answered adequately by a tier-" + known.lastKey()
                + " model with chance " + HARD_AT_HIGHEST_TIER);
        details.put("medium_difficulty", medium != null ? "a prompt read at the average medium prompt's ease is answered "
                + "adequately by a tier-" + middleTier + " model with chance " + MEDIUM_AT_MIDDLE_TIER
                : "no medium anchor (" + (fit.hasMedium() ? "the logs give no tier between the lowest and the highest"
                : "no medium prompts, or their mean ease is not between the easy and the hard one") + "): the scale runs "
                + "straight from easy to hard");
        if (reads.embeddingFile() != null) {
            details.put("embedding", reads.embeddingFile() + ": the head and neighbours read the last user turn embedded "
                    + "with this table, not the outcome model's");
        }
        details.put("instruction_features", "after the embedding, the instruction block's embedding minus the prompt's "
                + "(the shorter of the first and last blank-line-separated blocks, for prompts of two or more; zeros "
                + "otherwise): " + pasted.length + " of " + prompts.size() + " labelled prompts have one");
        details.set("evaluation", fit.evaluation());
        details.put("onnx_vs_java_max_abs_diff", parity);
        return new TierPrior(FILE_NAME, abilities, easy, hard, fit.easeOfEasy(), fit.easeOfHard(), details,
                fit.headWeight() < 1 ? ComplexityNeighbours.FILE_NAME : null, fit.headWeight(), reads.embeddingFile(),
                reads.embeddingSha256(), dims > 0 ? Boolean.TRUE : null, medium == null ? null : fit.easeOfMedium(),
                medium);
    }

    /** The tier in the middle of those with abilities (the upper of two middles); null with fewer than three. */
    static Integer middleTier(TreeMap<Integer, Double> known) {
        if (known.size() < 3) {
            return null;
        }
        List<Integer> tiers = List.copyOf(known.keySet());
        return tiers.get(tiers.size() / 2);
    }

    static double logit(double p) {
        return Math.log(p / (1 - p));
    }
}
