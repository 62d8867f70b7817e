package io.routewise.classifier;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.routewise.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

/**
 * {@code model-card.json}: what a serving process needs to use {@code classifier.onnx} with
 * nothing but ONNX Runtime (the label order of the output, the feature order of the input, the
 * featurizer that builds that input) and what a person needs to trust or rebuild it (training
 * data summary, held-out metrics of each trainer compared, Tribuo provenance, the command).
 *
 * @param formatVersion  the card format version ({@value #FORMAT_VERSION})
 * @param createdAt      ISO-8601 instant the model was trained
 * @param labels         class names in ONNX output order (Tribuo's internal label id order)
 * @param labelScheme    how the classes were derived from the logged outcomes
 * @param featureNames   feature names in ONNX input order (alphabetical, as Tribuo orders them)
 * @param featureDimension the ONNX input width; equals {@code featureNames.size()}
 * @param onnxInput      the ONNX input name ({@code input})
 * @param onnxOutput     the ONNX output name ({@code output})
 * @param featurizer     the featurizer specification (embedding model id, token budget, scaling...)
 * @param trainer        the chosen trainer's name
 * @param data           training data summary
 * @param metrics        held-out metrics of every trainer compared
 * @param provenance     Tribuo's model provenance, as JSON
 * @param command        the exact command line that rebuilds this model
 * @param outcomeModel   how the directory predicts each logged model's outcome per prompt (format 2), or
 *                       null for a directory that routes with the class probabilities alone (format 1)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelCard(
        @JsonProperty("format_version") int formatVersion,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("labels") List<String> labels,
        @JsonProperty("label_scheme") JsonNode labelScheme,
        @JsonProperty("feature_names") List<String> featureNames,
        @JsonProperty("feature_dimension") int featureDimension,
        @JsonProperty("onnx_input") String onnxInput,
        @JsonProperty("onnx_output") String onnxOutput,
        @JsonProperty("featurizer") JsonNode featurizer,
        @JsonProperty("trainer") String trainer,
        @JsonProperty("data") JsonNode data,
        @JsonProperty("metrics") JsonNode metrics,
        @JsonProperty("provenance") JsonNode provenance,
        @JsonProperty("command") String command,
        @JsonProperty("outcome_model") OutcomeSpec outcomeModel) {

    /** The format written now: with {@code outcome_model}. Format 1 (class probabilities only) still reads. */
    public static final int FORMAT_VERSION = 2;
    /** The oldest format that still reads. */
    public static final int OLDEST_FORMAT_VERSION = 1;
    public static final String FILE_NAME = "model-card.json";

    private static final ObjectMapper WRITER = Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);

    public ModelCard {
        labels = labels == null ? List.of() : List.copyOf(labels);
        featureNames = featureNames == null ? List.of() : List.copyOf(featureNames);
        onnxInput = onnxInput == null ? "input" : onnxInput;
        onnxOutput = onnxOutput == null ? "output" : onnxOutput;
    }

    /** A card without an outcome model (format 1). */
    public ModelCard(int formatVersion, String createdAt, List<String> labels, JsonNode labelScheme,
                     List<String> featureNames, int featureDimension, String onnxInput, String onnxOutput,
                     JsonNode featurizer, String trainer, JsonNode data, JsonNode metrics, JsonNode provenance,
                     String command) {
        this(formatVersion, createdAt, labels, labelScheme, featureNames, featureDimension, onnxInput, onnxOutput,
                featurizer, trainer, data, metrics, provenance, command, null);
    }

    /** The same card with other metrics. */
    public ModelCard withMetrics(JsonNode newMetrics) {
        return new ModelCard(formatVersion, createdAt, labels, labelScheme, featureNames, featureDimension, onnxInput,
                onnxOutput, featurizer, trainer, data, newMetrics, provenance, command, outcomeModel);
    }

    /** Reads and checks a model card; errors name the file and the field. */
    public static ModelCard read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelDirectoryException(file + ": model card not found");
        }
        ModelCard card;
        try {
            card = Json.MAPPER.readValue(file.toFile(), ModelCard.class);
        } catch (IOException e) {
            throw new ModelDirectoryException(file + ": not a valid model card: " + RoutingWeights.firstLine(e), e);
        }
        if (card == null) {
            throw new ModelDirectoryException(file + ": empty model card");
        }
        card.validate(file);
        return card;
    }

    private void validate(Path file) {
        if (formatVersion < OLDEST_FORMAT_VERSION || formatVersion > FORMAT_VERSION) {
            throw new ModelDirectoryException(file + ": unsupported format_version " + formatVersion
                    + " (expected " + OLDEST_FORMAT_VERSION + " to " + FORMAT_VERSION + ")");
        }
        if (outcomeModel != null) {
            outcomeModel.validate(file);
        }
        if (labels.isEmpty()) {
            throw new ModelDirectoryException(file + ": 'labels' is empty");
        }
        if (new HashSet<>(labels).size() != labels.size()) {
            throw new ModelDirectoryException(file + ": 'labels' has duplicates: " + labels);
        }
        if (featureDimension <= 0 || featureNames.size() != featureDimension) {
            throw new ModelDirectoryException(file + ": 'feature_dimension' is " + featureDimension + " but "
                    + "'feature_names' has " + featureNames.size() + " entries");
        }
    }

    /** Writes this card, pretty-printed. */
    public void write(Path file) throws IOException {
        WRITER.writeValue(file.toFile(), this);
    }
}
