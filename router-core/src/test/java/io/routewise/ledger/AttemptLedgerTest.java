package io.routewise.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.routewise.chat.ChatRequest;
import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.chat.Usage;
import io.routewise.config.BudgetConfig;
import io.routewise.config.LedgerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttemptLedgerTest {

    @TempDir
    Path dir;

    // 100 prompt tokens by the estimate, max_tokens 50: $0.0006 at $2 / $8 per 1M.
    static final ChatRequest REQUEST = new ChatRequest("m", List.of(Message.text(Role.USER, "x".repeat(396))), null,
            null, null, null, null, 50, null, null, null, false, false, null, null);
    static final BudgetTarget TARGET = new BudgetTarget("p", "m", "key_a");
    static final BudgetConfig CAP = new BudgetConfig("model", "m", "day", 0.001);

    @Test
    void admitsReservesSettlesAndRecordsAnAttemptWithItsActualCost() {
        try (Ledger ledger = Ledger.open(new LedgerConfig("jdbc:sqlite:" + dir.resolve("a.db")))) {
            BudgetStore budgets = new BudgetStore(ledger, List.of(CAP), Duration.ofMinutes(10), Clock.systemUTC());
            AsyncLedgerWriter writer = AsyncLedgerWriter.start(ledger);
            AttemptLedger attempts = new AttemptLedger(budgets, writer, true, PromptRedactor.of(List.of("x{10}")));

            AttemptLedger.Admission first = attempts.admit(TARGET, CostCalculatorTest.MODEL, REQUEST);
            assertThat(budgets.usage(CAP).reservedUsd()).isCloseTo(0.0006, within(1e-9));
            // A second concurrent attempt's estimate no longer fits in the $0.001 cap.
            assertThatThrownBy(() -> attempts.admit(TARGET, CostCalculatorTest.MODEL, REQUEST))
                    .isInstanceOf(BudgetExceededException.class);

            LedgerRow row = attempts.settle(first, LedgerRow.builder().requestId("r1").latencyMs(300).status("200"),
                    new Usage(90, 20, 0), null, true);
            assertThat(row.costUsd()).isCloseTo((90 * 2.0 + 20 * 8.0) / 1e6, within(1e-12));
            assertThat(row.messages()).contains("[REDACTED]").doesNotContain("xxxxxxxxxx");
            assertThat(row.apiKeyId()).isEqualTo("key_a");
            assertThat(budgets.usage(CAP).reservedUsd()).isZero();
            assertThat(budgets.usage(CAP).spentUsd()).isCloseTo(0.00034, within(1e-9));

            AttemptLedger.Admission failed = attempts.admit(TARGET, CostCalculatorTest.MODEL, REQUEST);
            LedgerRow refused = attempts.settle(failed, LedgerRow.builder().requestId("r2").status("CONNECTION")
                    .error("connection refused"), null, null, false);
            assertThat(refused.costUsd()).isZero();
            assertThat(budgets.usage(CAP).spentUsd()).isCloseTo(0.00034, within(1e-9));
            assertThat(budgets.usage(CAP).reservedUsd()).isZero();

            writer.close();
            assertThat(Rows.count(ledger, "ledger_rows")).isEqualTo(2);
        }
    }
}
