package io.routewise.training;

import ai.onnx.proto.OnnxMl;
import io.routewise.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tribuo.Model;
import org.tribuo.ONNXExportable;
import org.tribuo.classification.Label;

/**
 * Writes a Tribuo model as ONNX (input {@code input} float[batch, F], output {@code output}
 * float[batch, L]) with the label and feature orders added to the ONNX metadata, so the file
 * alone says how to read it.
 */
final class OnnxExport {

    static final String DOMAIN = "io.routewise.classifier";
    static final String LABELS_KEY = "routewise.labels";
    static final String FEATURES_KEY = "routewise.feature_names";

    private OnnxExport() {
    }

    static void write(Model<Label> model, List<String> labels, List<String> featureNames, Path file) throws IOException {
        if (!(model instanceof ONNXExportable exportable)) {
            throw new IllegalStateException(model.getClass().getName() + " cannot be exported to ONNX");
        }
        OnnxMl.ModelProto proto = exportable.exportONNXModel(DOMAIN, 1L).toBuilder()
                .addMetadataProps(entry(LABELS_KEY, Json.MAPPER.writeValueAsString(labels)))
                .addMetadataProps(entry(FEATURES_KEY, Json.MAPPER.writeValueAsString(featureNames)))
                .build();
        try (OutputStream out = Files.newOutputStream(file)) {
            proto.writeTo(out);
        }
    }

    private static OnnxMl.StringStringEntryProto entry(String key, String value) {
        return OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}
