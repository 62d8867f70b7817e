package io.routewise.training.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class FoldSummaryTest {

    /** One fold's result as the protocol's run() returns it: evidence.data_sets.<source>.aiq (+ routellm.apgr). */
    private static ObjectNode fold(int heldOut, double router, double byPrice, double neighbours, Double apgr) {
        ObjectNode f = Json.object();
        ObjectNode d = f.putObject("evidence").putObject("data_sets").putObject("small");
        d.put("held_out_requests", heldOut);
        ObjectNode aiq = d.putObject("aiq");
        aiq.put("router", router);
        aiq.put("router_by_price", byPrice);
        aiq.put("neighbour_baseline", neighbours);
        aiq.put("random_mix", 0.5);
        d.putObject("share_at_or_above").put("router vs neighbour_baseline", router >= neighbours ? 1.0 : 0.25);
        if (apgr != null) {
            d.putObject("routellm").put("apgr", apgr);
        }
        return f;
    }

    @Test
    void meansPairedDifferencesAndWinsPerDataSet() {
        ObjectNode s = FoldSummary.of(List.of(
                fold(100, 0.60, 0.61, 0.58, 0.70),
                fold(110, 0.62, 0.60, 0.63, 0.60),
                fold(90, 0.64, 0.65, 0.60, 0.65)));
        assertThat(s.get("folds").asInt()).isEqualTo(3);
        JsonNode d = s.path("data_sets").path("small");
        assertThat(d.get("held_out_requests").asInt()).isEqualTo(300);
        assertThat(d.path("aiq").path("router").get("mean").asDouble()).isCloseTo(0.62, within(1e-12));
        assertThat(d.path("aiq").path("router").get("per_fold")).hasSize(3);

        JsonNode vsNeighbours = d.path("paired").path("router - neighbour_baseline");
        // differences 0.02, -0.01, 0.04: mean 0.01667, sd 0.02517, se 0.01453; at or above in 2 of 3
        assertThat(vsNeighbours.get("mean_difference").asDouble()).isCloseTo(0.05 / 3, within(1e-12));
        assertThat(vsNeighbours.get("standard_error").asDouble()).isCloseTo(0.0145297, within(1e-6));
        assertThat(vsNeighbours.get("folds_at_or_above").asInt()).isEqualTo(2);
        assertThat(d.path("paired").path("router_by_price - random_mix").get("folds_at_or_above").asInt()).isEqualTo(3);
        // no task oracle in these folds: no pair for it
        assertThat(d.path("paired").has("router - task_oracle")).isFalse();
        assertThat(d.path("apgr").get("mean").asDouble()).isCloseTo(0.65, within(1e-12));
        assertThat(d.path("share_at_or_above").path("router vs neighbour_baseline").get("mean").asDouble())
                .isCloseTo(2.25 / 3, within(1e-12));
    }

    @Test
    void aDataSetMissingFromSomeFoldsIsSummarisedOverTheFoldsThatHaveIt() {
        ObjectNode empty = Json.object();
        empty.putObject("evidence").putObject("data_sets");
        ObjectNode s = FoldSummary.of(List.of(fold(50, 0.7, 0.7, 0.6, null), empty));
        JsonNode d = s.path("data_sets").path("small");
        assertThat(d.get("folds").asInt()).isEqualTo(1);
        assertThat(d.has("apgr")).isFalse();
        assertThat(d.path("paired").path("router - neighbour_baseline").get("mean_difference").asDouble())
                .isCloseTo(0.1, within(1e-12));
        assertThat(d.path("paired").path("router - neighbour_baseline").get("standard_error").asDouble()).isNaN();
    }
}
