package io.routewise.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.chat.Message;
import io.routewise.classifier.OnnxClassifier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

/**
 * ONNX Runtime must give the same class probabilities as Tribuo in the JVM for every trainer we
 * may ship, on a few hundred inputs: the held-out prompts plus inputs no training example looks like.
 */
class OnnxParityTest {

    private static final double TOLERANCE = 1e-5;
    private static final HashedWordFeatures FEATURES = new HashedWordFeatures(48);

    @TempDir
    Path tmp;

    @Test
    void onnxRuntimeMatchesTribuoForEveryCandidateTrainer() throws IOException {
        TrafficLog log = TrafficLogReader.read(SyntheticTraffic.write(tmp.resolve("t.jsonl"), 450, 5));
        List<TrafficRecord> records = log.records();
        List<String> classes = records.stream().map(r -> LabelScheme.COMPLEXITY.classOf(r).orElseThrow()).toList();
        List<List<Message>> conversations = records.stream().map(TrafficRecord::messages).toList();
        float[][] x = ParallelFeaturizer.featurize(conversations, FEATURES, 2, new java.io.PrintStream(
                java.io.OutputStream.nullOutputStream()));
        int trainN = 300;
        LabelledSet train = new LabelledSet(records.subList(0, trainN), classes.subList(0, trainN),
                java.util.Arrays.copyOfRange(x, 0, trainN));
        MutableDataset<Label> data = train.toDataset(FEATURES.names(), "parity");

        // 150 held-out prompts plus 150 random non-negative vectors (unlike any prompt).
        List<float[]> inputs = new ArrayList<>(List.of(java.util.Arrays.copyOfRange(x, trainN, x.length)));
        java.util.Random rnd = new java.util.Random(9);
        for (int i = 0; i < 150; i++) {
            float[] v = new float[FEATURES.names().size()];
            for (int j = 0; j < v.length; j++) {
                v[j] = rnd.nextFloat() * (rnd.nextInt(4) == 0 ? 3 : 1);
            }
            inputs.add(v);
        }
        String[] names = FEATURES.names().toArray(String[]::new);

        for (TrainerCandidate candidate : TrainerCandidate.defaults(17, 3)) {
            Model<Label> model = candidate.trainer().train(data);
            List<String> labels = TrainingRun.labelOrder(model.getOutputIDInfo());
            Path onnx = tmp.resolve(candidate.name() + ".onnx");
            OnnxExport.write(model, labels, FEATURES.names(), onnx);

            List<Example<Label>> examples = new ArrayList<>();
            for (float[] v : inputs) {
                examples.add(LabelledSet.example(new Label("easy"), names, v));
            }
            float[][] tribuo = Evaluation.probabilities(model, model.predict(examples), labels);
            double maxDiff = 0;
            try (OnnxClassifier ort = OnnxClassifier.open(onnx, "input", "output", labels, names.length)) {
                for (int i = 0; i < inputs.size(); i++) {
                    float[] p = ort.probabilities(inputs.get(i));
                    for (int c = 0; c < p.length; c++) {
                        maxDiff = Math.max(maxDiff, Math.abs(p[c] - tribuo[i][c]));
                    }
                }
            }
            assertThat(inputs).hasSize(300);
            assertThat(maxDiff).as(candidate.name()).isLessThanOrEqualTo(TOLERANCE);
        }
    }
}
