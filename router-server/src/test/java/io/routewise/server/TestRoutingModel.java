package io.routewise.server;

import io.routewise.classifier.ModelDirectory;
import io.routewise.classifier.RequestClassifier;
import io.routewise.testing.TestFeaturizer;
import io.routewise.testing.TestModels;
import java.nio.file.Path;

/**
 * The routing model the gateway tests run with, shared by every router the tests start: the
 * {@link TestModels#standard standard fixture} (plain prompts {@code easy.chat}, fenced code
 * {@code hard.code}) with routing weights for the test catalog, so decisions are known in advance.
 * On an easy prompt at the default target 0.7: {@code gem-small} (cheapest adequate); at 0.5
 * {@code text-only}; at 0.9 {@code ant-small}; on code, {@code ant-small}.
 */
final class TestRoutingModel {

    static final Path DIR = Path.of("target", "test-models", "gateway");
    private static final RequestClassifier CLASSIFIER = load();

    private TestRoutingModel() {
    }

    static RequestClassifier classifier() {
        return CLASSIFIER;
    }

    private static RequestClassifier load() {
        TestModels.standard(TestFeaturizer.shared().spec())
                // easy.chat, hard.code, hard.math
                .model("gem-small", 0.0002, 0.85, 0.3, 0.3)
                .model("oai-small", 0.0003, 0.9, 0.6, 0.5)
                .model("ant-small", 0.002, 0.95, 0.9, 0.9)
                .model("text-only", 0.0001, 0.8, 0.2, 0.2)
                .model("always-500", 0.001, 0.1, 0.1, 0.1)
                .model("always-500-alone", 0.001, 0.1, 0.1, 0.1)
                .model("always-429", 0.001, 0.1, 0.1, 0.1)
                .model("always-timeout", 0.001, 0.1, 0.1, 0.1)
                .model("always-reset", 0.001, 0.1, 0.1, 0.1)
                .model("cuts-streams", 0.001, 0.1, 0.1, 0.1)
                .write(DIR);
        return RequestClassifier.open(ModelDirectory.load(DIR), TestFeaturizer.shared());
    }
}
