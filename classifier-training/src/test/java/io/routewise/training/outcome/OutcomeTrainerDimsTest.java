package io.routewise.training.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.json.Json;
import org.junit.jupiter.api.Test;

class OutcomeTrainerDimsTest {

    private static final double[][][] PREDICTIONS = {OutcomeTableTest.NO_DIFFERENCE, OutcomeTableTest.EXACT_DIFFERENCES};

    @Test
    void fewerDimensionsWinWhenTheGainOfMoreIsWithinOnePairedStandardError() {
        // the paired standard error of these two predictions is 1/12
        ObjectNode selection = Json.object();
        int chosen = OutcomeTrainer.fewestDimensionsWithinOneError(new double[] {0.1000, 0.0999}, PREDICTIONS,
                OutcomeTableTest.threeRequests(), selection);
        assertThat(OutcomeTrainer.DIMS[chosen]).isEqualTo(32);
        assertThat(selection.get("dims_rule").asText()).contains("32 dimensions").contains("within one paired standard error");
    }

    @Test
    void moreDimensionsWinWhenClearlyBetterAndWhenBestOutright() {
        OutcomeTable t = OutcomeTableTest.threeRequests();
        assertThat(OutcomeTrainer.DIMS[OutcomeTrainer.fewestDimensionsWithinOneError(new double[] {0.3, 0.0}, PREDICTIONS,
                t, Json.object())]).isEqualTo(64);
        assertThat(OutcomeTrainer.DIMS[OutcomeTrainer.fewestDimensionsWithinOneError(new double[] {0.05, 0.2}, PREDICTIONS,
                t, Json.object())]).isEqualTo(32);
    }
}
