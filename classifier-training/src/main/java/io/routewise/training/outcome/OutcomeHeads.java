package io.routewise.training.outcome;

import ai.onnx.proto.OnnxMl;
import io.routewise.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.common.sgd.AbstractLinearSGDModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Per-model outcome heads: for each logged model, a logistic regression (Tribuo, SGD with AdaGrad)
 * from the featurizer's vector to the probability that the model's answer is adequate, trained on the
 * requests that model answered. A fractional outcome {@code o} counts as an adequate example of
 * weight {@code o} and an inadequate one of weight {@code 1 − o} (soft labels). A model whose
 * answers are all one way gets a constant head at its mean outcome.
 *
 * <p>The heads are exported together as one ONNX graph, {@code sigmoid(input · W + b)}, with
 * {@code W}'s column {@code m} the difference of model {@code m}'s two class weight vectors: exactly
 * the two-class softmax Tribuo computes.
 */
public final class OutcomeHeads {

    public static final String FILE_NAME = "outcomes.onnx";
    static final String ADEQUATE = "adequate";
    static final String INADEQUATE = "inadequate";
    private static final int LOGGING_INTERVAL = 1_000_000;

    private final List<String> models;
    private final float[][] weights; // [model][feature]
    private final float[] bias;
    private final List<Model<Label>> tribuoModels; // null entries for constant heads
    private final String description;

    private OutcomeHeads(List<String> models, float[][] weights, float[] bias, List<Model<Label>> tribuoModels,
                         String description) {
        this.models = List.copyOf(models);
        this.weights = weights;
        this.bias = bias;
        this.tribuoModels = tribuoModels;
        this.description = description;
    }

    /**
     * Trains one head per model of the table.
     *
     * @param features per row of the table, its feature vector
     * @param names    feature names, in vector (= alphabetical) order
     */
    public static OutcomeHeads train(OutcomeTable table, float[][] features, List<String> names, double learningRate,
                                     int epochs, long seed) {
        return train(table, features, names, learningRate, epochs, seed, null);
    }

    /**
     * {@link #train(OutcomeTable, float[][], List, double, int, long)} with a weight per row (null: all 1),
     * e.g. to balance classes of very different sizes.
     */
    public static OutcomeHeads train(OutcomeTable table, float[][] features, List<String> names, double learningRate,
                                     int epochs, long seed, float[] rowWeights) {
        int dim = names.size();
        String[] nameArray = names.toArray(String[]::new);
        float[][] w = new float[table.models().size()][dim];
        float[] b = new float[table.models().size()];
        List<Model<Label>> trained = new ArrayList<>();
        float[] priors = table.priors();
        for (int m = 0; m < table.models().size(); m++) {
            LabelFactory factory = new LabelFactory();
            MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance(
                    "outcomes of " + table.models().get(m), factory), factory);
            boolean sawAdequate = false;
            boolean sawInadequate = false;
            for (int i = 0; i < table.rows(); i++) {
                float o = table.outcomes()[i][m];
                if (Float.isNaN(o)) {
                    continue;
                }
                float rw = rowWeights == null ? 1 : rowWeights[i];
                if (o > 0) {
                    data.add(example(ADEQUATE, rw * o, nameArray, features[i]));
                    sawAdequate = true;
                }
                if (o < 1) {
                    data.add(example(INADEQUATE, rw * (1 - o), nameArray, features[i]));
                    sawInadequate = true;
                }
            }
            if (!sawAdequate || !sawInadequate) {
                b[m] = (float) logit(priors[m]);
                trained.add(null);
                continue;
            }
            LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(learningRate, 0.1), epochs,
                    LOGGING_INTERVAL, 1, seed + m);
            Model<Label> model = quietly(() -> trainer.train(data));
            if (model.getFeatureIDMap().size() != dim) {
                throw new IllegalStateException("Tribuo saw " + model.getFeatureIDMap().size() + " features, expected " + dim);
            }
            DenseMatrix matrix = ((AbstractLinearSGDModel<Label>) model).getWeightsCopy();
            int adequate = model.getOutputIDInfo().getID(new Label(ADEQUATE));
            int inadequate = model.getOutputIDInfo().getID(new Label(INADEQUATE));
            for (int f = 0; f < dim; f++) {
                w[m][f] = (float) (matrix.get(adequate, f) - matrix.get(inadequate, f));
            }
            b[m] = (float) (matrix.get(adequate, dim) - matrix.get(inadequate, dim));
            trained.add(model);
        }
        String description = String.format(java.util.Locale.ROOT, "per-model logistic regression on soft labels, "
                + "SGD with AdaGrad (learning rate %s), %d epochs, seed %d + model index", learningRate, epochs, seed);
        OutcomeHeads heads = new OutcomeHeads(table.models(), w, b, trained, description);
        heads.checkAgainstTribuo(features, nameArray);
        return heads;
    }

    /**
     * The heads whose weights and biases are the means of these heads' (same models, same features): in
     * log-odds, the mean of their predictions. Averaging SGD runs that differ only in their shuffling seed
     * cancels much of the run-to-run noise of a small training set.
     *
     * @param description what the card says about how the heads were trained
     */
    public static OutcomeHeads average(List<OutcomeHeads> runs, String description) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no heads to average");
        }
        OutcomeHeads first = runs.get(0);
        int count = first.models.size();
        int dim = first.weights.length == 0 ? 0 : first.weights[0].length;
        float[][] w = new float[count][dim];
        float[] b = new float[count];
        for (OutcomeHeads run : runs) {
            if (!run.models.equals(first.models) || (count > 0 && run.weights[0].length != dim)) {
                throw new IllegalArgumentException("heads of different models or features cannot be averaged");
            }
            for (int m = 0; m < count; m++) {
                for (int f = 0; f < dim; f++) {
                    w[m][f] += run.weights[m][f] / runs.size();
                }
                b[m] += run.bias[m] / runs.size();
            }
        }
        // The mean is no single Tribuo model.
        return new OutcomeHeads(first.models, w, b, java.util.Collections.nCopies(count, null), description);
    }

    /** Runs a Tribuo training call with its per-model INFO lines silenced (one per head would drown the progress). */
    private static <T> T quietly(java.util.function.Supplier<T> call) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("org.tribuo.common.sgd.AbstractSGDTrainer");
        java.util.logging.Level before = logger.getLevel();
        logger.setLevel(java.util.logging.Level.WARNING);
        try {
            return call.get();
        } finally {
            logger.setLevel(before);
        }
    }

    private static Example<Label> example(String label, double weight, String[] names, float[] values) {
        double[] v = new double[values.length];
        for (int j = 0; j < values.length; j++) {
            v[j] = values[j];
        }
        ArrayExample<Label> e = new ArrayExample<>(new Label(label), names, v);
        e.setWeight((float) weight);
        return e;
    }

    private static double logit(double p) {
        double q = Math.max(1e-4, Math.min(1 - 1e-4, p));
        return Math.log(q / (1 - q));
    }

    /** Each model's probability of an adequate answer, in model order. */
    public double[] predict(float[] x) {
        double[] out = new double[models.size()];
        for (int m = 0; m < out.length; m++) {
            double z = bias[m];
            float[] wm = weights[m];
            for (int f = 0; f < x.length; f++) {
                z += wm[f] * x[f];
            }
            out[m] = 1 / (1 + Math.exp(-z));
        }
        return out;
    }

    public List<String> models() {
        return models;
    }

    public String description() {
        return description;
    }

    /** The trained Tribuo models, in model order (null for a constant head). */
    public List<Model<Label>> tribuoModels() {
        return tribuoModels;
    }

    /** Refuses heads whose extracted weights do not reproduce Tribuo's own probabilities. */
    private void checkAgainstTribuo(float[][] features, String[] names) {
        for (int i = 0; i < Math.min(32, features.length); i++) {
            double[] mine = predict(features[i]);
            for (int m = 0; m < models.size(); m++) {
                Model<Label> model = tribuoModels.get(m);
                if (model == null) {
                    continue;
                }
                Prediction<Label> p = model.predict(example(ADEQUATE, 1, names, features[i]));
                Map<String, Label> scores = p.getOutputScores();
                double tribuo = scores.get(ADEQUATE).getScore();
                if (Math.abs(tribuo - mine[m]) > 1e-4) {
                    throw new IllegalStateException("head of " + models.get(m) + ": extracted weights give " + mine[m]
                            + ", Tribuo " + tribuo);
                }
            }
        }
    }

    /** Writes the heads as one ONNX graph: input {@code input} [batch, F] → output {@code output} [batch, M]. */
    public void write(Path file, List<String> featureNames) throws IOException {
        int dim = featureNames.size();
        int count = models.size();
        ONNXContext ctx = new ONNXContext();
        ctx.setName("routewise-outcome-heads");
        ONNXPlaceholder input = ctx.floatInput("input", dim);
        ONNXPlaceholder output = ctx.floatOutput("output", count);
        ONNXInitializer w = ctx.floatTensor("heads_weights", List.of(dim, count), buffer -> {
            for (int f = 0; f < dim; f++) {
                for (int m = 0; m < count; m++) {
                    buffer.put(weights[m][f]);
                }
            }
        });
        ONNXInitializer b = ctx.array("heads_bias", bias);
        List<ONNXRef<?>> args = List.of(w, b);
        input.apply(ONNXOperators.GEMM, args).apply(ONNXOperators.SIGMOID).assignTo(output);
        OnnxMl.ModelProto proto = OnnxMl.ModelProto.newBuilder()
                .setGraph(ctx.buildGraph())
                .setDomain("io.routewise.outcomes")
                .setProducerName("routewise")
                .setModelVersion(1)
                .setIrVersion(8)
                .addOpsetImport(ONNXOperators.getOpsetProto())
                .addMetadataProps(entry("routewise.models", Json.MAPPER.writeValueAsString(models)))
                .addMetadataProps(entry("routewise.feature_names", Json.MAPPER.writeValueAsString(featureNames)))
                .addMetadataProps(entry("routewise.trainer", description))
                .build();
        try (OutputStream out = Files.newOutputStream(file)) {
            proto.writeTo(out);
        }
    }

    private static OnnxMl.StringStringEntryProto entry(String key, String value) {
        return OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}
