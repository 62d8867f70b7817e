package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routewise.chat.ChatRequest;
import io.routewise.chat.Role;
import io.routewise.features.InstructionFeatures;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DecisionWarmupTest {

    @Test
    void theBuiltInPromptsTakeTheBranchesRealRequestsTake() {
        List<ChatRequest> prompts = DecisionWarmup.prompts();

        assertThat(prompts).hasSizeGreaterThanOrEqualTo(20);
        assertThat(prompts).anyMatch(r -> r.messages().get(0).role() == Role.SYSTEM);
        assertThat(prompts).anyMatch(r -> InstructionFeatures.pastedInstruction(lastText(r)) != null);
        assertThat(prompts).anyMatch(r -> lastText(r).length() < 10);
        assertThat(prompts).anyMatch(r -> lastText(r).chars().anyMatch(c -> c > 0x3000));
        assertThat(prompts).allMatch(r -> r.messages().get(r.messages().size() - 1).role() == Role.USER);
    }

    @Test
    void scoresThePromptsInTurnUntilTheBudgetHasPassed() {
        // A clock that moves 1 ms per reading: start, then one reading per prompt scored.
        AtomicLong now = new AtomicLong();
        List<ChatRequest> prompts = DecisionWarmup.prompts().subList(0, 3);

        DecisionWarmup.Result r = DecisionWarmup.run(TestRoutingModel.classifier(), Duration.ofMillis(10), prompts,
                () -> now.getAndAdd(1_000_000));

        assertThat(r.scored()).isEqualTo(10);
        assertThat(r.took()).isEqualTo(Duration.ofMillis(11));
    }

    @Test
    void aZeroBudgetScoresNothing() {
        DecisionWarmup.Result r = DecisionWarmup.run(TestRoutingModel.classifier(), Duration.ZERO, DecisionWarmup.prompts(),
                () -> {
                    throw new AssertionError("no clock reading without a budget");
                });

        assertThat(r.scored()).isZero();
    }

    @Test
    void theLauncherRefusesANegativeWarmupAndTakesNoneAsZero() {
        assertThatThrownBy(() -> RouterLauncher.Options.DEFAULT.withWarmup(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThat(RouterLauncher.Options.DEFAULT.warmup()).isZero();
        assertThat(RouterLauncher.Options.DEFAULT.withWarmup(null).warmup()).isZero();
        assertThat(RouterLauncher.Options.DEFAULT.withWarmup(Duration.ofSeconds(5)).withConfigFile(null).warmup())
                .isEqualTo(Duration.ofSeconds(5));
    }

    private static String lastText(ChatRequest r) {
        return r.messages().get(r.messages().size() - 1).text();
    }
}
