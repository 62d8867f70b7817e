package io.routewise.classifier;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;

/**
 * A loaded and cross-checked model directory: {@code classifier.onnx}, {@code model-card.json}
 * and {@code routing-weights.json}. Loading checks that all three exist, parse, and agree on the
 * class set; {@link OnnxClassifier#open(ModelDirectory)} then checks the ONNX graph's shapes.
 *
 * @param dir     the directory
 * @param card    its model card
 * @param weights its routing weights
 */
public record ModelDirectory(Path dir, ModelCard card, RoutingWeights weights) {

    public static final String CLASSIFIER_FILE = "classifier.onnx";

    /** The ONNX file. */
    public Path classifierFile() {
        return dir.resolve(CLASSIFIER_FILE);
    }

    /**
     * Loads a model directory.
     *
     * @throws ModelDirectoryException naming the missing, corrupt or inconsistent file
     */
    public static ModelDirectory load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ModelDirectoryException(dir + ": model directory not found");
        }
        Path onnx = dir.resolve(CLASSIFIER_FILE);
        if (!Files.isRegularFile(onnx)) {
            throw new ModelDirectoryException(onnx + ": classifier file not found");
        }
        ModelCard card = ModelCard.read(dir.resolve(ModelCard.FILE_NAME));
        Path weightsFile = dir.resolve(RoutingWeights.FILE_NAME);
        RoutingWeights weights = RoutingWeights.read(weightsFile);
        if (!new HashSet<>(weights.classes()).equals(new HashSet<>(card.labels()))) {
            throw new ModelDirectoryException(weightsFile + ": classes " + weights.classes()
                    + " do not match the model card's labels " + card.labels());
        }
        if (!weights.classes().equals(card.labels())) {
            throw new ModelDirectoryException(weightsFile + ": classes " + weights.classes()
                    + " are not in the model card's label order " + card.labels());
        }
        return new ModelDirectory(dir, card, weights);
    }
}
