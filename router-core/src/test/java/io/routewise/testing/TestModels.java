package io.routewise.testing;

import ai.onnx.proto.OnnxMl;
import io.routewise.classifier.ModelCard;
import io.routewise.classifier.ModelDirectory;
import io.routewise.classifier.RoutingWeights;
import io.routewise.features.FeaturizerSpec;
import io.routewise.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes model directories for tests: a real ONNX classifier (one linear layer and a softmax, as
 * Tribuo's logistic-regression export is) whose weights a test sets by feature name, a model card
 * recording a given featurizer spec, and routing weights per model. The classifier's behaviour is
 * then known in advance: e.g. a code fence in the prompt makes {@code hard.code} likely.
 *
 * <pre>{@code
 * Path dir = TestModels.builder(featurizer.spec(), "easy.chat", "hard.code")
 *         .bias("easy.chat", 2).weight("st_code_fence", "hard.code", 8)
 *         .model("small", null, 0.9, 0.2).model("big", 0.01, 0.95, 0.9)
 *         .write(tmp);
 * }</pre>
 */
public final class TestModels {

    private final FeaturizerSpec spec;
    private final List<String> labels;
    private final float[][] weights; // [feature][label]
    private final float[] bias;
    private final Map<String, RoutingWeights.ModelWeights> models = new LinkedHashMap<>();

    private TestModels(FeaturizerSpec spec, List<String> labels) {
        this.spec = spec;
        this.labels = List.copyOf(labels);
        this.weights = new float[spec.featureNames().size()][labels.size()];
        this.bias = new float[labels.size()];
    }

    public static TestModels builder(FeaturizerSpec spec, String... labels) {
        return new TestModels(spec, List.of(labels));
    }

    /**
     * The standard fixture: classes {@code easy.chat}, {@code hard.code}, {@code hard.math}; a plain
     * prompt is {@code easy.chat} (p ≈ 0.8), a fenced code block makes it {@code hard.code}, math
     * notation {@code hard.math}.
     */
    public static TestModels standard(FeaturizerSpec spec) {
        return builder(spec, "easy.chat", "hard.code", "hard.math")
                .bias("easy.chat", 2)
                .weight("st_code_fence", "hard.code", 9)
                .weight("st_code_lines", "hard.code", 4)
                .weight("st_math_expr", "hard.math", 20)
                .weight("st_math_latex", "hard.math", 20);
    }

    public TestModels bias(String label, double value) {
        bias[labelIndex(label)] = (float) value;
        return this;
    }

    public TestModels weight(String feature, String label, double value) {
        int f = spec.featureNames().indexOf(feature);
        if (f < 0) {
            throw new IllegalArgumentException("no feature " + feature);
        }
        weights[f][labelIndex(label)] = (float) value;
        return this;
    }

    /**
     * Routing weights for one model.
     *
     * @param meanCostUsd its observed mean cost per request, or null
     * @param quality     its expected outcome per class, in label order
     */
    public TestModels model(String id, Double meanCostUsd, double... quality) {
        if (quality.length != labels.size()) {
            throw new IllegalArgumentException(id + ": " + quality.length + " qualities for " + labels.size() + " classes");
        }
        Map<String, RoutingWeights.ClassWeight> cells = new LinkedHashMap<>();
        double sum = 0;
        for (int c = 0; c < quality.length; c++) {
            cells.put(labels.get(c), new RoutingWeights.ClassWeight(quality[c], 50));
            sum += quality[c];
        }
        models.put(id, new RoutingWeights.ModelWeights(sum / quality.length, 50L * quality.length, meanCostUsd,
                meanCostUsd == null ? 0 : 50, cells));
        return this;
    }

    /** Writes {@code classifier.onnx}, {@code model-card.json} and {@code routing-weights.json} into {@code dir}. */
    public Path write(Path dir) {
        try {
            Files.createDirectories(dir);
            try (OutputStream out = Files.newOutputStream(dir.resolve(ModelDirectory.CLASSIFIER_FILE))) {
                onnx().writeTo(out);
            }
            card().write(dir.resolve(ModelCard.FILE_NAME));
            new RoutingWeights(RoutingWeights.FORMAT_VERSION, labels, 10, "test fixture", models,
                    Json.object().put("kind", "test fixture")).write(dir.resolve(RoutingWeights.FILE_NAME));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ModelCard card() {
        return new ModelCard(ModelCard.FORMAT_VERSION, "2026-01-01T00:00:00Z", labels, Json.object().put("name", "test"),
                spec.featureNames(), spec.featureNames().size(), "input", "output", Json.MAPPER.valueToTree(spec),
                "hand-set linear model", Json.object(), Json.object(), Json.object(), "TestModels");
    }

    private OnnxMl.ModelProto onnx() {
        int f = weights.length;
        int l = labels.size();
        List<Float> w = new ArrayList<>(f * l);
        for (float[] row : weights) {
            for (float v : row) {
                w.add(v);
            }
        }
        List<Float> b = new ArrayList<>(l);
        for (float v : bias) {
            b.add(v);
        }
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("test-linear")
                .addInput(tensorInfo("input", f))
                .addOutput(tensorInfo("output", l))
                .addInitializer(OnnxMl.TensorProto.newBuilder().setName("W").setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE)
                        .addDims(f).addDims(l).addAllFloatData(w))
                .addInitializer(OnnxMl.TensorProto.newBuilder().setName("B").setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE)
                        .addDims(l).addAllFloatData(b))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Gemm").setName("linear")
                        .addInput("input").addInput("W").addInput("B").addOutput("logits"))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Softmax").setName("softmax")
                        .addInput("logits").addOutput("output")
                        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis").setI(1)
                                .setType(OnnxMl.AttributeProto.AttributeType.INT)))
                .build();
        return OnnxMl.ModelProto.newBuilder().setIrVersion(7).setProducerName("routewise-tests")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph).build();
    }

    private static OnnxMl.ValueInfoProto tensorInfo(String name, int width) {
        OnnxMl.TensorShapeProto shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(width)).build();
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE)
                        .setShape(shape))).build();
    }

    private int labelIndex(String label) {
        int i = labels.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException("no label " + label);
        }
        return i;
    }
}
