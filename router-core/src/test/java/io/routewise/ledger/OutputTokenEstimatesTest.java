package io.routewise.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.chat.ChatRequest;
import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.config.LedgerConfig;
import io.routewise.config.ModelConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputTokenEstimatesTest {

    @TempDir
    Path dir;

    @Test
    void theP95IsTakenOverSuccessfulCallsOnceAModelHasTen() {
        try (Ledger ledger = Ledger.open(new LedgerConfig("jdbc:sqlite:" + dir.resolve("l.db")))) {
            List<LedgerRow> rows = new ArrayList<>();
            for (int i = 1; i <= 9; i++) {
                rows.add(Rows.row("r" + i).model("m").outputTokens(i * 10).build());
            }
            // failed calls do not count, however long their (partial) answers
            rows.add(Rows.row("f").model("m").status("TIMEOUT").error("timed out").outputTokens(5000).build());
            ledger.insert(rows);
            assertThat(new OutputTokenEstimates(ledger, Duration.ofMinutes(1)).p95("m")).isEmpty();
            ledger.insert(List.of(Rows.row("r10").model("m").outputTokens(100).build()));
            // 10 calls of 10..100 tokens: the 10th value by nearest rank (their maximum) is 100
            assertThat(new OutputTokenEstimates(ledger, Duration.ofMinutes(1)).p95("m")).hasValue(100);
            for (int i = 11; i <= 20; i++) {
                rows.add(Rows.row("r" + i).model("m").outputTokens(i * 10).build());
            }
            ledger.insert(rows.subList(rows.size() - 10, rows.size()));
            // 20 calls of 10..200 tokens: the 19th value is 190
            assertThat(new OutputTokenEstimates(ledger, Duration.ofMinutes(1)).p95("m")).hasValue(190);
            // A model without history answers like every model's last calls.
            assertThat(new OutputTokenEstimates(ledger, Duration.ofMinutes(1)).p95("other")).hasValue(190);
        }
    }

    @Test
    void quantileUsesNearestRank() {
        int[] values = new int[100];
        for (int i = 0; i < 100; i++) {
            values[i] = 100 - i; // 1..100, unsorted
        }
        assertThat(OutputTokenEstimates.quantile(values)).hasValue(95);
        assertThat(OutputTokenEstimates.quantile(new int[9])).isEmpty();
    }

    @Test
    void aTypicalReservationIsTheP95CappedByMaxTokens() {
        ModelConfig model = new ModelConfig("m", "p", "m", 10.0, 30.0, null, 32000, 4096, null, 2, null, null, null, null);
        ChatRequest plain = ChatRequest.builder("m", List.of(Message.text(Role.USER, "x".repeat(400)))).build();
        double limit = CostCalculator.estimateUsd(model, plain);
        double typical = CostCalculator.estimateUsd(model, plain, OptionalInt.of(80));
        // The same prompt estimate; 1,024 (the limit, at most 1,024) vs 80 output tokens at $30/1M.
        assertThat(limit - typical).isCloseTo((1024 - 80) * 30e-6, org.assertj.core.data.Offset.offset(1e-12));
        ChatRequest capped = plain.toBuilder().maxTokens(50).build();
        assertThat(typical - CostCalculator.estimateUsd(model, capped, OptionalInt.of(80)))
                .isCloseTo((80 - 50) * 30e-6, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(CostCalculator.estimateUsd(model, plain, OptionalInt.empty())).isEqualTo(limit);
    }
}
