package io.routewise.classifier;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model card's {@code outcome_model}: how the directory predicts, for a prompt, each logged
 * model's outcome. Three parts, blended: per-model outcome heads ({@code heads_file}, an ONNX graph
 * from the featurizer's vector to one sigmoid per model, trained with Tribuo), a nearest-neighbour
 * index over the training prompts' embeddings ({@code neighbours_file}, format in {@link NeighbourIndex})
 * and the same neighbours found by word overlap ({@code lexical_file}, {@link LexicalIndex}):
 * {@code E[q_m|x] = h·head_m(x) + l·lexical_m(x) + (1 − h − l)·neighbours_m(x)}.
 *
 * @param models      the logged models, in the order of both parts' outputs
 * @param tiers       per logged model, its catalog tier (1 small, 2 mid, 3 frontier); models left out
 *                    of every tier are absent. A catalog model without predictions of its own is
 *                    predicted from its tier's models (see {@link OutcomeModel})
 * @param easinessColumn the column of {@code models} that is not a model but the prompt's easiness (the
 *                    chance a typical logged model answers it adequately), or null
 * @param tierAbilities per catalog tier, its log-odds advantage over a data set's typical model: an unlogged
 *                    catalog model of tier {@code t} is predicted {@code σ(logit(easiness) + tierAbilities[t])}
 * @param headsFile   the heads' ONNX file, relative to the directory
 * @param neighboursFile the neighbour index file, relative to the directory
 * @param headsWeight the blend weight of the heads, in [0, 1]
 * @param lexicalFile the lexical index file, relative to the directory, or null
 * @param lexicalWeight the blend weight of the lexical neighbours; {@code headsWeight + lexicalWeight <= 1}
 * @param details     how each part was trained and chosen (for people; not read by serving)
 * @param tierPrior   how a catalog model without logged outcomes is predicted from the prompt's
 *                    complexity ({@link TierPrior}); null in directories trained without complexity-labelled
 *                    prompts, which predict such a model from the easiness column and {@code tierAbilities}
 * @param servingColumns per logged model that has one column per data set ({@link OutcomeColumns}), the
 *                    column serving reads for it: the one trained on the most outcomes. Empty when every
 *                    logged model has one column.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutcomeSpec(
        @JsonProperty("models") List<String> models,
        @JsonProperty("tiers") Map<String, Integer> tiers,
        @JsonProperty("easiness_column") String easinessColumn,
        @JsonProperty("tier_abilities") Map<Integer, Double> tierAbilities,
        @JsonProperty("heads_file") String headsFile,
        @JsonProperty("neighbours_file") String neighboursFile,
        @JsonProperty("heads_weight") double headsWeight,
        @JsonProperty("lexical_file") String lexicalFile,
        @JsonProperty("lexical_weight") double lexicalWeight,
        @JsonProperty("details") JsonNode details,
        @JsonProperty("tier_prior") TierPrior tierPrior,
        @JsonProperty("serving_columns") Map<String, String> servingColumns) {

    @com.fasterxml.jackson.annotation.JsonCreator
    public OutcomeSpec {
        servingColumns = servingColumns == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(servingColumns));
        models = models == null ? List.of() : List.copyOf(models);
        tiers = tiers == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(tiers));
        tierAbilities = tierAbilities == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(tierAbilities));
    }

    /** A spec whose logged models each have one column. */
    public OutcomeSpec(List<String> models, Map<String, Integer> tiers, String easinessColumn,
                       Map<Integer, Double> tierAbilities, String headsFile, String neighboursFile, double headsWeight,
                       String lexicalFile, double lexicalWeight, JsonNode details, TierPrior tierPrior) {
        this(models, tiers, easinessColumn, tierAbilities, headsFile, neighboursFile, headsWeight, lexicalFile,
                lexicalWeight, details, tierPrior, Map.of());
    }

    /**
     * The blended prediction from the three parts' predictions (null for a part the blend gives no
     * weight), as serving and training both compute it.
     */
    public double[] blend(double[] heads, double[] neighbours, double[] lexical) {
        return blend(heads, neighbours, lexical, headsWeight, lexicalWeight);
    }

    /** {@code h·heads + l·lexical + (1 − h − l)·neighbours}, skipping a part that is null. */
    public static double[] blend(double[] heads, double[] neighbours, double[] lexical, double headsWeight,
                                 double lexicalWeight) {
        double neighboursWeight = Math.max(0, 1 - headsWeight - lexicalWeight);
        int n = heads != null ? heads.length : neighbours != null ? neighbours.length : lexical.length;
        double[] out = new double[n];
        for (int m = 0; m < n; m++) {
            out[m] = (heads == null ? 0 : headsWeight * heads[m])
                    + (lexical == null ? 0 : lexicalWeight * lexical[m])
                    + (neighbours == null ? 0 : neighboursWeight * neighbours[m]);
        }
        return out;
    }

    /** The blend weight of the embedding neighbours. */
    public double neighboursWeight() {
        return Math.max(0, 1 - headsWeight - lexicalWeight);
    }

    /** Checks the section; errors name the card file and the field. */
    void validate(Path cardFile) {
        if (tierPrior != null) {
            tierPrior.validate(cardFile);
        }
        String where = cardFile + ": 'outcome_model.";
        if (models.isEmpty()) {
            throw new ModelDirectoryException(where + "models' is empty");
        }
        if (new HashSet<>(models).size() != models.size()) {
            throw new ModelDirectoryException(where + "models' has duplicates");
        }
        if (!(headsWeight >= 0 && headsWeight <= 1)) {
            throw new ModelDirectoryException(where + "heads_weight' must be in [0, 1], got " + headsWeight);
        }
        if (headsWeight > 0 && (headsFile == null || headsFile.isBlank())) {
            throw new ModelDirectoryException(where + "heads_file' is missing");
        }
        if (!(lexicalWeight >= 0 && headsWeight + lexicalWeight <= 1 + 1e-9)) {
            throw new ModelDirectoryException(where + "lexical_weight' must be >= 0 with heads_weight + lexical_weight "
                    + "<= 1, got " + lexicalWeight + " and " + headsWeight);
        }
        if (lexicalWeight > 0 && (lexicalFile == null || lexicalFile.isBlank())) {
            throw new ModelDirectoryException(where + "lexical_file' is missing");
        }
        if (headsWeight < 1 && (neighboursFile == null || neighboursFile.isBlank())) {
            throw new ModelDirectoryException(where + "neighbours_file' is missing");
        }
        if (easinessColumn != null && !models.contains(easinessColumn)) {
            throw new ModelDirectoryException(where + "easiness_column' '" + easinessColumn + "' is not in 'models'");
        }
        for (var e : tierAbilities.entrySet()) {
            if (e.getKey() == null || e.getKey() < 1 || e.getValue() == null || !Double.isFinite(e.getValue())) {
                throw new ModelDirectoryException(where + "tier_abilities': " + e.getKey() + " -> " + e.getValue()
                        + " (a tier >= 1 and a finite number)");
            }
        }
        for (var e : servingColumns.entrySet()) {
            if (!models.contains(e.getValue()) || !OutcomeColumns.loggedModel(e.getValue()).equals(e.getKey())) {
                throw new ModelDirectoryException(where + "serving_columns': " + e.getKey() + " -> " + e.getValue()
                        + " (a listed column of that model)");
            }
        }
        for (var e : tiers.entrySet()) {
            if (!models.contains(e.getKey()) || e.getValue() == null || e.getValue() < 1) {
                throw new ModelDirectoryException(where + "tiers': " + e.getKey() + " -> " + e.getValue()
                        + " (a listed model and a tier >= 1)");
            }
        }
    }
}
