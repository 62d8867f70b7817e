package io.routewise.training;

import java.nio.file.Path;
import java.util.List;

/**
 * What a training run produced.
 *
 * @param outDir          the model directory written
 * @param labels          class names in ONNX output order
 * @param chosen          the trainer kept
 * @param results         held-out metrics of every trainer compared, then the references
 *                        ({@code prior}: class frequencies; {@code oracle}: the true class)
 * @param data            the data summary
 * @param onnxMaxAbsDiff  largest difference between ONNX Runtime's and Tribuo's probabilities on the held-out part
 * @param seconds         wall time of the whole run
 */
public record TrainingSummary(Path outDir, List<String> labels, String chosen, List<TrainerResult> results,
                              DataSummary data, double onnxMaxAbsDiff, double seconds) {

    public TrainingSummary {
        labels = List.copyOf(labels);
        results = List.copyOf(results);
    }
}
