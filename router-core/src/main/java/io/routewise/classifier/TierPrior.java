package io.routewise.classifier;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model card's {@code outcome_model.tier_prior}: how a catalog model that has no logged outcomes
 * of its own (the catalog's frontier and small API models) is predicted on a prompt. A complexity
 * head ({@code complexity_file}, an ONNX graph trained with Tribuo on complexity-labelled prompts)
 * gives the prompt's ease in [0, 1] (trained toward 1 easy, ½ medium, 0 hard). The head's raw output is
 * read on the labels' scale, {@code s = (ease − ease_of_hard) / (ease_of_easy − ease_of_hard)} clamped
 * to [0, 1], where the two are the head's mean cross-validated output on easy and on hard prompts (a
 * regularised head never quite reaches its targets); {@code s} sets the prompt's difficulty on an
 * item-response scale, {@code d = hard_difficulty + s·(easy_difficulty − hard_difficulty)},
 * and a model of tier {@code t} is adequate with {@code σ(abilities[t] − d)}. With a medium anchor
 * ({@code ease_of_medium}, {@code medium_difficulty}) the difficulty is interpolated piecewise instead: from the
 * hard anchor to the medium one below {@code ease_of_medium}, from the medium one to the easy one above it, so
 * that the average medium prompt lands where the labels say medium lies, not wherever the straight line
 * between easy and hard happens to put it. The abilities are
 * fitted to the logged outcomes (one-parameter item-response model); the difficulties restate
 * what the complexity labels mean on that scale (see {@code details}).
 *
 * @param complexityFile the complexity head's ONNX file, relative to the directory: input
 *                       {@code input} [batch, features] → output {@code output} [batch, 1]
 * @param abilities      per catalog tier, its ability in log-odds
 * @param easyDifficulty the difficulty of a prompt of ease 1
 * @param hardDifficulty the difficulty of a prompt of ease 0
 * @param easeOfEasy     the head's mean cross-validated output on easy prompts (1 when absent)
 * @param easeOfHard     the head's mean cross-validated output on hard prompts (0 when absent)
 * @param details        how it was trained and what the difficulties mean (for people)
 * @param neighboursFile the complexity neighbours' file ({@link ComplexityNeighbours}), relative to the
 *                       directory; null when the head alone reads the ease
 * @param headWeight     the head's share of the ease, {@code ease = w·head + (1 − w)·neighbours}; 1 when
 *                       absent (the head alone, as directories written before the neighbours read)
 * @param embeddingFile  the static embedding table the complexity head and neighbours read, relative to the
 *                       directory, when it is not the outcome model's (whose table was refined toward whole
 *                       prompts while the prior keeps the distilled one); null: the prior reads the model's features
 * @param embeddingSha256 that table file's SHA-256, checked on load; null exactly when {@code embeddingFile} is
 * @param instructionFeatures whether the complexity head also reads the instruction's inputs
 *                       ({@link io.routewise.features.InstructionFeatures}: after the embedding, one per embedding
 *                       value); null or false for directories written before them
 * @param easeOfMedium   the head's mean cross-validated output on medium prompts; null (with
 *                       {@code mediumDifficulty}) for a scale of two anchors, as directories written before it read
 * @param mediumDifficulty the difficulty of a prompt read at {@code easeOfMedium}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TierPrior(
        @JsonProperty("complexity_file") String complexityFile,
        @JsonProperty("abilities") Map<Integer, Double> abilities,
        @JsonProperty("easy_difficulty") double easyDifficulty,
        @JsonProperty("hard_difficulty") double hardDifficulty,
        @JsonProperty("ease_of_easy") Double easeOfEasy,
        @JsonProperty("ease_of_hard") Double easeOfHard,
        @JsonProperty("details") JsonNode details,
        @JsonProperty("neighbours_file") String neighboursFile,
        @JsonProperty("head_weight") Double headWeight,
        @JsonProperty("embedding_file") String embeddingFile,
        @JsonProperty("embedding_sha256") String embeddingSha256,
        @JsonProperty("instruction_features") Boolean instructionFeatures,
        @JsonProperty("ease_of_medium") Double easeOfMedium,
        @JsonProperty("medium_difficulty") Double mediumDifficulty) {

    /** The complexity head's single output column. */
    public static final String EASE = "(ease)";

    public TierPrior {
        abilities = abilities == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(abilities));
        easeOfEasy = easeOfEasy == null ? 1.0 : easeOfEasy;
        easeOfHard = easeOfHard == null ? 0.0 : easeOfHard;
        headWeight = headWeight == null ? 1.0 : headWeight;
    }

    /** A prior whose complexity head alone reads the ease. */
    public TierPrior(String complexityFile, Map<Integer, Double> abilities, double easyDifficulty, double hardDifficulty,
                     Double easeOfEasy, Double easeOfHard, JsonNode details) {
        this(complexityFile, abilities, easyDifficulty, hardDifficulty, easeOfEasy, easeOfHard, details, null, null);
    }

    /** A prior that reads the model's own features. */
    public TierPrior(String complexityFile, Map<Integer, Double> abilities, double easyDifficulty, double hardDifficulty,
                     Double easeOfEasy, Double easeOfHard, JsonNode details, String neighboursFile, Double headWeight) {
        this(complexityFile, abilities, easyDifficulty, hardDifficulty, easeOfEasy, easeOfHard, details, neighboursFile,
                headWeight, null, null);
    }

    /** A prior whose complexity head reads the turn's features alone. */
    public TierPrior(String complexityFile, Map<Integer, Double> abilities, double easyDifficulty, double hardDifficulty,
                     Double easeOfEasy, Double easeOfHard, JsonNode details, String neighboursFile, Double headWeight,
                     String embeddingFile, String embeddingSha256) {
        this(complexityFile, abilities, easyDifficulty, hardDifficulty, easeOfEasy, easeOfHard, details, neighboursFile,
                headWeight, embeddingFile, embeddingSha256, null, null, null);
    }

    /** Whether the scale has a medium anchor between the easy and the hard one. */
    public boolean hasMediumAnchor() {
        return easeOfMedium != null && mediumDifficulty != null;
    }

    /** Whether the complexity head also reads the instruction's inputs. */
    public boolean readsInstruction() {
        return Boolean.TRUE.equals(instructionFeatures);
    }

    /** How many instruction inputs the head reads after a model's features of these names: one per embedding value. */
    public int instructionInputs(List<String> featureNames) {
        return readsInstruction() ? io.routewise.features.InstructionFeatures.embeddingDimensions(featureNames) : 0;
    }

    /** Whether the prior reads its own embedding table rather than the outcome model's features. */
    public boolean hasOwnEmbedding() {
        return embeddingFile != null && !embeddingFile.isBlank();
    }

    /** The prompt's ease from the head's and the neighbours' readings (the neighbours' is ignored at weight 1). */
    public double ease(double head, double neighbours) {
        return blend(headWeight, head, neighbours);
    }

    /** {@code w·head + (1 − w)·neighbours}, the head alone at {@code w >= 1}: training and serving read it alike. */
    public static double blend(double headWeight, double head, double neighbours) {
        return headWeight >= 1 ? head : headWeight * head + (1 - headWeight) * neighbours;
    }

    /** The head's output on the labels' scale: 0 at the average hard prompt, 1 at the average easy one. */
    public double scaled(double ease) {
        return Math.max(0, Math.min(1, (ease - easeOfHard) / (easeOfEasy - easeOfHard)));
    }

    /** The difficulty of a prompt with this output of the complexity head. */
    public double difficulty(double ease) {
        if (!hasMediumAnchor()) {
            return hardDifficulty + scaled(ease) * (easyDifficulty - hardDifficulty);
        }
        if (ease <= easeOfMedium) {
            double s = Math.max(0, (ease - easeOfHard) / (easeOfMedium - easeOfHard));
            return hardDifficulty + s * (mediumDifficulty - hardDifficulty);
        }
        double s = Math.min(1, (ease - easeOfMedium) / (easeOfEasy - easeOfMedium));
        return mediumDifficulty + s * (easyDifficulty - mediumDifficulty);
    }

    /** The ability of a tier: its own, else the nearest tier below that has one, else the lowest. */
    public double ability(int tier) {
        TreeMap<Integer, Double> known = new TreeMap<>(abilities);
        Integer t = known.floorKey(tier);
        return known.get(t != null ? t : known.firstKey());
    }

    /** The chance a model of this tier answers a prompt of this ease adequately. */
    public double expected(int tier, double ease) {
        return expectedAt(ability(tier), ease);
    }

    /** {@link #expected(int, double)} for a tier whose ability is already looked up (the serving path). */
    public double expectedAt(double ability, double ease) {
        return 1 / (1 + Math.exp(-(ability - difficulty(ease))));
    }

    void validate(Path cardFile) {
        String where = cardFile + ": 'outcome_model.tier_prior.";
        if (complexityFile == null || complexityFile.isBlank()) {
            throw new ModelDirectoryException(where + "complexity_file' is missing");
        }
        if (!(headWeight >= 0 && headWeight <= 1)) {
            throw new ModelDirectoryException(where + "head_weight' must be in [0, 1], got " + headWeight);
        }
        if (headWeight < 1 && (neighboursFile == null || neighboursFile.isBlank())) {
            throw new ModelDirectoryException(where + "neighbours_file' is missing; 'head_weight' " + headWeight
                    + " gives the complexity neighbours a share");
        }
        if ((embeddingFile == null || embeddingFile.isBlank()) != (embeddingSha256 == null || embeddingSha256.isBlank())) {
            throw new ModelDirectoryException(where + "embedding_file' and 'embedding_sha256' come together (this card has "
                    + embeddingFile + " and " + embeddingSha256 + ")");
        }
        if (abilities.isEmpty()) {
            throw new ModelDirectoryException(where + "abilities' is empty");
        }
        for (var e : abilities.entrySet()) {
            if (e.getKey() == null || e.getKey() < 1 || e.getValue() == null || !Double.isFinite(e.getValue())) {
                throw new ModelDirectoryException(where + "abilities': " + e.getKey() + " -> " + e.getValue()
                        + " (a tier >= 1 and a finite number)");
            }
        }
        if (!(easeOfHard >= 0 && easeOfEasy <= 1 && easeOfHard < easeOfEasy)) {
            throw new ModelDirectoryException(where + "ease_of_hard' and 'ease_of_easy' must satisfy 0 <= ease_of_hard < "
                    + "ease_of_easy <= 1, got " + easeOfHard + " and " + easeOfEasy);
        }
        if (!Double.isFinite(easyDifficulty) || !Double.isFinite(hardDifficulty) || easyDifficulty >= hardDifficulty) {
            throw new ModelDirectoryException(where + "easy_difficulty' must be finite and below 'hard_difficulty', got "
                    + easyDifficulty + " and " + hardDifficulty);
        }
        if ((easeOfMedium == null) != (mediumDifficulty == null)) {
            throw new ModelDirectoryException(where + "ease_of_medium' and 'medium_difficulty' come together (this card has "
                    + easeOfMedium + " and " + mediumDifficulty + ")");
        }
        if (hasMediumAnchor() && !(easeOfMedium > easeOfHard && easeOfMedium < easeOfEasy)) {
            throw new ModelDirectoryException(where + "ease_of_medium' must lie strictly between 'ease_of_hard' and "
                    + "'ease_of_easy', got " + easeOfMedium);
        }
        if (hasMediumAnchor() && !(mediumDifficulty > easyDifficulty && mediumDifficulty < hardDifficulty)) {
            throw new ModelDirectoryException(where + "medium_difficulty' must lie strictly between 'easy_difficulty' and "
                    + "'hard_difficulty', got " + mediumDifficulty);
        }
    }
}
