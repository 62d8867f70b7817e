package io.routewise.training.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.training.LoggedResponse;
import io.routewise.training.TrafficRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomeTableTest {

    private static TrafficRecord record(String id, String source, LoggedResponse... responses) {
        return new TrafficRecord(id, source, null, null, List.of(Message.text(Role.USER, "prompt " + id)),
                List.of(responses), "mem", 1);
    }

    private static LoggedResponse answer(String model, double outcome) {
        return new LoggedResponse(model, outcome, null, null, null, null);
    }

    @Test
    void aModelLoggedByOneDataSetHasOneColumn() {
        OutcomeTable t = OutcomeTable.of(List.of(
                record("a", "bench", answer("small", 1), answer("big", 1)),
                record("b", "bench", answer("small", 0), answer("big", 1))));
        assertThat(t.models()).containsExactly("big", "small", OutcomeTable.EASINESS);
        assertThat(t.servingColumns()).isEmpty();
    }

    @Test
    void aModelLoggedByTwoDataSetsHasAColumnPerDataSetAndServesFromTheLarger() {
        OutcomeTable t = OutcomeTable.of(List.of(
                record("a", "strict", answer("shared", 0), answer("only-strict", 1)),
                record("b", "strict", answer("shared", 0), answer("only-strict", 1)),
                record("c", "lenient", answer("shared", 1), answer("only-lenient", 0)),
                record("d", "strict", answer("shared", 0), answer("only-strict", 0))));
        assertThat(t.models()).containsExactly("only-lenient", "only-strict", "shared [lenient]", "shared [strict]",
                OutcomeTable.EASINESS);
        // Each data set's outcomes stay in its own column: the lenient scorer's 1 never lifts the strict column.
        assertThat(t.priors()[2]).isEqualTo(1f);
        assertThat(t.priors()[3]).isEqualTo(0f);
        assertThat(Float.isNaN(t.outcomes()[0][2])).isTrue();
        assertThat(t.servingColumns()).containsExactly(java.util.Map.entry("shared", "shared [strict]"));
    }

    @Test
    void aTableOverGivenColumnsFillsTheRecordsDataSetColumn() {
        List<String> columns = List.of("shared [lenient]", "shared [strict]", OutcomeTable.EASINESS);
        OutcomeTable t = OutcomeTable.of(List.of(record("x", "lenient", answer("shared", 0.5)),
                record("y", "elsewhere", answer("shared", 1))), columns);
        assertThat(t.outcomes()[0][0]).isEqualTo(0.5f);
        assertThat(Float.isNaN(t.outcomes()[0][1])).isTrue();
        // A data set without a column of its own fills none.
        assertThat(Float.isNaN(t.outcomes()[1][0]) && Float.isNaN(t.outcomes()[1][1])).isTrue();
    }

    @Test
    void relativeBrierIgnoresAShiftEveryModelSharesAndScoresTheDifferences() {
        OutcomeTable t = OutcomeTable.of(List.of(
                record("a", "bench", answer("small", 0), answer("big", 1)),
                record("b", "bench", answer("small", 1), answer("big", 1)),
                record("c", "bench", answer("small", 1))));
        // columns: big, small, easiness; request c has one answer: no difference to score
        double[][] rightDifferencesWrongLevel = {{0.6, -0.4, 0}, {0.3, 0.3, 0}, {0.9, 0.2, 0}};
        assertThat(t.relativeBrier(rightDifferencesWrongLevel)).isCloseTo(0.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(t.brier(rightDifferencesWrongLevel)).isGreaterThan(0.1);
        // request a: predicted big - small = 0 where it was 1: centred errors -0.5 and +0.5; request b: exact
        double[][] noDifference = {{0.5, 0.5, 0}, {1, 1, 0}, {0, 0, 0}};
        assertThat(t.relativeBrier(noDifference)).isCloseTo((0.25 + 0.25) / 4, org.assertj.core.api.Assertions.within(1e-12));
        // the easiness column is never scored
        double[][] wildEasiness = {{0.6, -0.4, 99}, {0.3, 0.3, -99}, {0.9, 0.2, 5}};
        assertThat(t.relativeBrier(wildEasiness)).isCloseTo(0.0, org.assertj.core.api.Assertions.within(1e-12));
    }

    /** Three requests both models answered: (big, small) = (1, 0), (1, 1), (0, 1). */
    static OutcomeTable threeRequests() {
        return OutcomeTable.of(List.of(
                record("a", "bench", answer("small", 0), answer("big", 1)),
                record("b", "bench", answer("small", 1), answer("big", 1)),
                record("c", "bench", answer("small", 1), answer("big", 0))));
    }

    static final double[][] EXACT_DIFFERENCES = {{1, 0, 0}, {0.5, 0.5, 0}, {0, 1, 0}};
    static final double[][] NO_DIFFERENCE = {{0.5, 0.5, 0}, {0.5, 0.5, 0}, {0.5, 0.5, 0}};

    @Test
    void thePairedStandardErrorOfTwoPredictionsRelativeBrierTreatsRequestsAsTheUnit() {
        OutcomeTable t = threeRequests();
        // per request, the no-difference prediction's squared centred error: 0.5, 0, 0.5 (the exact one's: 0)
        assertThat(t.relativeBrier(NO_DIFFERENCE)).isCloseTo(1.0 / 6, org.assertj.core.api.Assertions.within(1e-12));
        // differences -0.5, 0, -0.5 over 6 cells: sd 0.2887, sqrt(3) * sd / 6 = 0.08333
        assertThat(t.relativeBrierDifferenceError(EXACT_DIFFERENCES, NO_DIFFERENCE))
                .isCloseTo(1.0 / 12, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(t.relativeBrierDifferenceError(NO_DIFFERENCE, NO_DIFFERENCE)).isEqualTo(0.0);
    }
}
