package io.routewise.classifier;

import ai.djl.engine.Engine;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.routewise.features.DjlOffline;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Scores feature vectors with the exported classifier through ONNX Runtime. One session with
 * one intra-op thread: a decision is a tiny matrix product, and concurrency comes from callers
 * running in parallel ({@link OrtSession#run} is thread-safe), not from threads inside ORT.
 */
public final class OnnxClassifier implements AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final List<String> labels;
    private final int featureDimension;

    private OnnxClassifier(OrtEnvironment env, OrtSession session, String inputName, List<String> labels,
                           int featureDimension) {
        this.env = env;
        this.session = session;
        this.inputName = inputName;
        this.labels = labels;
        this.featureDimension = featureDimension;
    }

    /** Opens the directory's classifier and checks its input and output widths against the card. */
    public static OnnxClassifier open(ModelDirectory dir) {
        ModelCard card = dir.card();
        return open(dir.classifierFile(), card.onnxInput(), card.onnxOutput(), card.labels(), card.featureDimension());
    }

    /**
     * Opens an ONNX classifier file.
     *
     * @param labels           class names in output order
     * @param featureDimension expected input width
     * @throws ModelDirectoryException when the file cannot be loaded or its shapes disagree
     */
    public static OnnxClassifier open(Path file, String inputName, String outputName, List<String> labels,
                                      int featureDimension) {
        // DJL's ONNX Runtime engine (the featurizer's) creates the process-wide OrtEnvironment with
        // its own threading options and fails if one exists already; so let DJL create it, with
        // DJL and ORT configured first, whichever of the featurizer and the classifier loads first.
        DjlOffline.ensure();
        Engine.getEngine("OnnxRuntime");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            session = env.createSession(file.toString(), options);
        } catch (OrtException e) {
            throw new ModelDirectoryException(file + ": ONNX Runtime cannot load it: " + e.getMessage(), e);
        }
        try {
            checkWidth(file, session.getInputInfo(), inputName, featureDimension, "input");
            checkWidth(file, session.getOutputInfo(), outputName, labels.size(), "output");
        } catch (OrtException | ModelDirectoryException e) {
            closeSession(session);
            if (e instanceof ModelDirectoryException m) {
                throw m;
            }
            throw new ModelDirectoryException(file + ": cannot read its inputs and outputs: " + e.getMessage(), e);
        }
        return new OnnxClassifier(env, session, inputName, List.copyOf(labels), featureDimension);
    }

    private static void checkWidth(Path file, Map<String, NodeInfo> nodes, String name, int expected, String what) {
        NodeInfo node = nodes.get(name);
        if (node == null) {
            throw new ModelDirectoryException(file + ": no " + what + " named '" + name + "' (has " + nodes.keySet() + ")");
        }
        if (node.getInfo() instanceof TensorInfo t) {
            long[] shape = t.getShape();
            long width = shape.length == 2 ? shape[1] : -2;
            if (width != expected) {
                throw new ModelDirectoryException(file + ": " + what + " '" + name + "' has shape "
                        + java.util.Arrays.toString(shape) + ", the model card says width " + expected);
            }
        } else {
            throw new ModelDirectoryException(file + ": " + what + " '" + name + "' is not a tensor");
        }
    }

    /** Class names, in the order of {@link #probabilities(float[])}. */
    public List<String> labels() {
        return labels;
    }

    public int featureDimension() {
        return featureDimension;
    }

    /** Class probabilities for one feature vector, in {@link #labels()} order. Thread-safe. */
    public float[] probabilities(float[] features) {
        return probabilities(new float[][] {features})[0];
    }

    /** Class probabilities for a batch of feature vectors. Thread-safe. */
    public float[][] probabilities(float[][] batch) {
        for (float[] row : batch) {
            if (row.length != featureDimension) {
                throw new IllegalArgumentException("feature vector has " + row.length + " values, the classifier expects "
                        + featureDimension);
            }
        }
        try (OnnxTensor input = OnnxTensor.createTensor(env, batch);
             OrtSession.Result result = session.run(Map.of(inputName, input))) {
            return (float[][]) result.get(0).getValue();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to score a batch of " + batch.length + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closeSession(session);
    }

    private static void closeSession(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            // Closing frees native memory; a failure here leaves nothing for the caller to do.
            throw new IllegalStateException("closing the ONNX session failed: " + e.getMessage(), e);
        }
    }
}
