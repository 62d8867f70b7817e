package io.routewise.testing;

import io.routewise.features.Featurizer;
import io.routewise.features.SentenceEmbedder;

/**
 * One real featurizer (MiniLM, token budget 128, two inference slots) shared by the tests of a
 * module: loading the embedding model takes a second or two. Never closed; the JVM ends with the tests.
 */
public final class TestFeaturizer {

    private static final Featurizer FEATURIZER = new Featurizer(new SentenceEmbedder(128, 2));

    private TestFeaturizer() {
    }

    public static Featurizer shared() {
        return FEATURIZER;
    }
}
