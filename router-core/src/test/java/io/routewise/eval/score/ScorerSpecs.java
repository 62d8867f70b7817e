package io.routewise.eval.score;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.routewise.eval.Scorer;
import io.routewise.json.Json;

/** Builds scorers from spec JSON written in the tests, as an eval set would hold them. */
final class ScorerSpecs {

    private ScorerSpecs() {
    }

    static Scorer scorer(String specJson) {
        try {
            return Scorers.parse(Json.MAPPER.readTree(specJson));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bad test spec: " + specJson, e);
        }
    }
}
