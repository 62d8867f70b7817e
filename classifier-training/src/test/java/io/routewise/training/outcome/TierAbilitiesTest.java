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
import java.util.Random;
import org.junit.jupiter.api.Test;

class TierAbilitiesTest {

    private static final ModelTiers TIERS = ModelTiers.parse("small\t1\nmid\t2\nbig\t3\nuntiered\t-\n"
            + "small-b\t1\nsmall-c\t1\nbig-b\t3\nbig-c\t3\n", "test");

    private static TrafficRecord record(String source, int i, String a, double oa, String b, double ob) {
        return new TrafficRecord("r" + i, source, null, null, List.of(Message.text(Role.USER, "q" + i)),
                List.of(new LoggedResponse(a, oa, null, null, null, null), new LoggedResponse(b, ob, null, null, null, null)),
                "mem", i);
    }

    /** Outcomes drawn from a Rasch model with these tier abilities and prompt difficulties spread over ±3. */
    private static List<TrafficRecord> simulated(String source, String low, double lowAbility, String high,
                                                 double highAbility, int prompts, long seed) {
        Random random = new Random(seed);
        List<TrafficRecord> out = new ArrayList<>();
        for (int i = 0; i < prompts; i++) {
            double difficulty = -3 + 6 * random.nextDouble();
            out.add(record(source, i, low, random.nextDouble() < TierAbilities.sigmoid(lowAbility - difficulty) ? 1 : 0,
                    high, random.nextDouble() < TierAbilities.sigmoid(highAbility - difficulty) ? 1 : 0));
        }
        return out;
    }

    /** Three models per tier answer every prompt, as in the shared logs (8–9 models per prompt). */
    private static List<TrafficRecord> simulatedSixModels(int prompts, long seed) {
        Random random = new Random(seed);
        String[] models = {"small", "small-b", "small-c", "big", "big-b", "big-c"};
        List<TrafficRecord> out = new ArrayList<>();
        for (int i = 0; i < prompts; i++) {
            double difficulty = -3 + 6 * random.nextDouble();
            List<LoggedResponse> answers = new ArrayList<>();
            for (int m = 0; m < models.length; m++) {
                double ability = m < 3 ? 0 : 1.5;
                answers.add(new LoggedResponse(models[m], random.nextDouble() < TierAbilities.sigmoid(ability - difficulty)
                        ? 1.0 : 0.0, null, null, null, null));
            }
            out.add(new TrafficRecord("r" + i, "one", null, null, List.of(Message.text(Role.USER, "q" + i)), answers, "mem", i));
        }
        return out;
    }

    @Test
    void recoversMoreOfTheGapBetweenTiersThanMarginalPassRatesDo() {
        List<TrafficRecord> train = simulatedSixModels(6000, 1);
        Map<Integer, Double> abilities = TierAbilities.of(train, TIERS);
        double[] mean = new double[2];
        for (TrafficRecord r : train) {
            for (int m = 0; m < 6; m++) {
                mean[m / 3] += r.withOutcomes().get(m).outcome() / (3.0 * train.size());
            }
        }
        double marginal = TierAbilities.logit(mean[1]) - TierAbilities.logit(mean[0]);
        double fitted = abilities.get(3) - abilities.get(1);
        // True gap 1.5. Averaging pass rates over easy and hard prompts flattens it (about 0.95); the
        // ridge on difficulties shrinks the fit a little too, much less.
        assertThat(fitted).isGreaterThan(marginal + 0.2).isCloseTo(1.5, within(0.35));
        // Tier 2 was never logged: it takes tier 1's (non-decreasing, never interpolated upward).
        assertThat(abilities.get(2)).isEqualTo(abilities.get(1));
    }

    @Test
    void tiersThatNeverMetAreComparedThroughATierEachMet() {
        List<TrafficRecord> train = new ArrayList<>(simulated("one", "small", 0, "mid", 1, 4000, 2));
        train.addAll(simulated("two", "mid", 1, "big", 2, 4000, 3));
        Map<Integer, Double> abilities = TierAbilities.of(train, TIERS);
        // True gaps 1 and 1; both shrink alike (two answers per prompt), and tier 3 ends above tier 2.
        double low = abilities.get(2) - abilities.get(1);
        double high = abilities.get(3) - abilities.get(2);
        assertThat(low).isCloseTo(1, within(0.35));
        assertThat(high).isCloseTo(1, within(0.35));
        assertThat(high).isCloseTo(low, within(0.2));
    }

    @Test
    void abilitiesAreCentredOnTheAverageLoggedAnswer() {
        Map<Integer, Double> abilities = TierAbilities.of(simulated("one", "small", 0, "big", 1, 2000, 4), TIERS);
        // Two tiers answered equally often: the centre lies halfway.
        assertThat(abilities.get(1) + abilities.get(3)).isCloseTo(0, within(1e-9));
    }

    @Test
    void promptsAnsweredByOneTierOnlyOrUntieredModelsSayNothing() {
        List<TrafficRecord> train = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            train.add(record("one", i, "small", 1, "untiered", 0));
        }
        assertThat(TierAbilities.of(train, TIERS)).isEmpty();
    }
}
