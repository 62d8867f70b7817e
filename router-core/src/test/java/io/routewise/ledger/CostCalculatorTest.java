package io.routewise.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.routewise.chat.ChatRequest;
import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.chat.Usage;
import io.routewise.config.ModelConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostCalculatorTest {

    // $2 per 1M input, $0.50 per 1M cached input, $8 per 1M output.
    static final ModelConfig MODEL = new ModelConfig("m", "p", null, 2.0, 8.0, 0.5, 128_000, 16_000, null, 1, null,
            true, null, null);
    // 396 characters of text + 4 for the role: 100 tokens by the chars/4 estimate.
    static final ChatRequest REQUEST = ChatRequest.of("m", List.of(Message.text(Role.USER, "x".repeat(396))));

    @Test
    void pricesReportedUsageWithCachedInputAtItsDiscount() {
        Cost c = CostCalculator.cost(MODEL, REQUEST, new Usage(1000, 200, 400), null);
        assertThat(c.estimated()).isFalse();
        assertThat(c.inputTokens()).isEqualTo(1000);
        assertThat(c.cachedTokens()).isEqualTo(400);
        // 600 × 2 + 400 × 0.5 + 200 × 8 = 3000 micro-dollars
        assertThat(c.usd()).isCloseTo(0.003, within(1e-12));
    }

    @Test
    void missingUsageIsEstimatedFromThePromptAndTheCharactersProducedAndFlagged() {
        Cost c = CostCalculator.cost(MODEL, REQUEST, null, 401L);
        assertThat(c.estimated()).isTrue();
        assertThat(c.inputTokens()).isEqualTo(100);
        assertThat(c.outputTokens()).isEqualTo(101); // 401 chars / 4, rounded up
        assertThat(c.usd()).isCloseTo((100 * 2.0 + 101 * 8.0) / 1e6, within(1e-12));
        assertThat(CostCalculator.cost(MODEL, REQUEST, Usage.ZERO, 401L).estimated()).isTrue();
    }

    @Test
    void withNothingProducedKnownTheOutputEstimateIsMaxTokens() {
        ChatRequest capped = ChatRequest.builder("m", REQUEST.messages()).maxTokens(50).build();
        assertThat(CostCalculator.cost(MODEL, capped, null, null).outputTokens()).isEqualTo(50);
        assertThat(CostCalculator.cost(MODEL, REQUEST, null, null).outputTokens())
                .isEqualTo(CostCalculator.DEFAULT_OUTPUT_ESTIMATE);
    }

    @Test
    void aStreamReportingOnlyOutputTokensGetsAnEstimatedPromptAndIsFlagged() {
        Cost c = CostCalculator.cost(MODEL, REQUEST, new Usage(0, 30, 0), 999L);
        assertThat(c.inputTokens()).isEqualTo(100);
        assertThat(c.outputTokens()).isEqualTo(30);
        assertThat(c.estimated()).isTrue();
    }

    @Test
    void theAdmissionEstimateBoundsTheCostOfACallThatRespectsMaxTokens() {
        ChatRequest capped = ChatRequest.builder("m", REQUEST.messages()).maxTokens(50).build();
        double estimate = CostCalculator.estimateUsd(MODEL, capped);
        assertThat(estimate).isCloseTo((100 * 2.0 + 50 * 8.0) / 1e6, within(1e-12));
        assertThat(CostCalculator.cost(MODEL, capped, new Usage(100, 50, 20), null).usd()).isLessThanOrEqualTo(estimate);
    }
}
