package io.routewise.training.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.training.LoggedResponse;
import io.routewise.training.ModelTiers;
import io.routewise.training.TrafficRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TierAbilitiesTest {

    private static final ModelTiers TIERS = ModelTiers.parse("small\t1\nbig\t3\nmmlu-small\t1\nmmlu-big\t3\n", "test");

    private static TrafficRecord record(String source, int i, String a, double oa, String b, double ob) {
        return new TrafficRecord("r" + i, source, null, null, List.of(Message.text(Role.USER, "q" + i)),
                List.of(new LoggedResponse(a, oa, null, null, null, null), new LoggedResponse(b, ob, null, null, null, null)),
                "mem", i);
    }

    @Test
    void aTiersAbilityIsItsLogOddsOverItsDataSetsAverageModel() {
        List<TrafficRecord> train = new ArrayList<>();
        // One data set: small right 1 time in 4, big 3 times in 4; the average model: 1 in 2.
        for (int i = 0; i < 4; i++) {
            train.add(record("one", i, "small", i == 0 ? 1 : 0, "big", i < 3 ? 1 : 0));
        }
        Map<Integer, Double> abilities = TierAbilities.of(train, TIERS);
        assertThat(abilities.get(1)).isCloseTo(Math.log(1.0 / 3), within(1e-9));
        assertThat(abilities.get(3)).isCloseTo(Math.log(3), within(1e-9));
        // Tier 2 was never logged: it takes tier 1's (non-decreasing, never interpolated upward).
        assertThat(abilities.get(2)).isEqualTo(abilities.get(1));
    }

    @Test
    void dataSetsAreComparedOnlyWithThemselvesThenAveraged() {
        List<TrafficRecord> train = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            train.add(record("one", i, "small", i == 0 ? 1 : 0, "big", i < 3 ? 1 : 0));
            // An easier data set where both tiers do better, by the same odds ratio.
            train.add(record("two", 10 + i, "mmlu-small", i < 2 ? 1 : 0, "mmlu-big", 1));
        }
        Map<Integer, Double> abilities = TierAbilities.of(train, TIERS);
        double inTwo = TierAbilities.logit(1.0) - TierAbilities.logit(0.75);
        assertThat(abilities.get(3)).isCloseTo((Math.log(3) + inTwo) / 2, within(1e-9));
    }
}
