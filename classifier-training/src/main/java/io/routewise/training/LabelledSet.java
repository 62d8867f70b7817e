package io.routewise.training;

import java.util.List;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Labelled requests with their feature vectors: one side of the split.
 *
 * @param records  the requests
 * @param classes  each request's class, same order
 * @param features each request's feature vector, same order
 */
record LabelledSet(List<TrafficRecord> records, List<String> classes, float[][] features) {

    LabelledSet {
        records = List.copyOf(records);
        classes = List.copyOf(classes);
        if (records.size() != classes.size() || records.size() != features.length) {
            throw new IllegalArgumentException("records, classes and features differ in length");
        }
    }

    int size() {
        return records.size();
    }

    /** A Tribuo dataset of these examples; every feature is present (dense), named as given. */
    MutableDataset<Label> toDataset(List<String> featureNames, String description) {
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance(description, factory), factory);
        String[] names = featureNames.toArray(String[]::new);
        for (int i = 0; i < records.size(); i++) {
            dataset.add(example(new Label(classes.get(i)), names, features[i]));
        }
        return dataset;
    }

    static Example<Label> example(Label label, String[] names, float[] values) {
        double[] v = new double[values.length];
        for (int j = 0; j < values.length; j++) {
            v[j] = values[j];
        }
        return new ArrayExample<>(label, names, v);
    }
}
