package io.routewise.training.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class StrongWeakTest {

    /*
     * Ranked by preference: r1 (strong right, weak wrong), r2 (both right), r4 (strong right),
     * r3 (both wrong). q_weak = 1/4, q_strong = 3/4. Mean quality with the top k to the strong
     * model: 0.25, 0.5, 0.5, 0.75, 0.75 -> PGR 0, 0.5, 0.5, 1, 1.
     * APGR = [(0+.5) + (.5+.5) + (.5+1) + (1+1)] / 2 / 4 = 0.625; CPT(50%) = 1/4; CPT(80%) = 3/4.
     */
    @Test
    void computesPgrCptAndApgrAsRouteLlmDefinesThem() {
        List<StrongWeak.Scored> scored = List.of(
                new StrongWeak.Scored(0.1, 0, 0),   // r3
                new StrongWeak.Scored(0.5, 1, 1),   // r2
                new StrongWeak.Scored(0.9, 1, 0),   // r1
                new StrongWeak.Scored(0.3, 1, 0));  // r4
        StrongWeak sw = StrongWeak.of("gpt-4", "mixtral", scored);

        assertThat(sw.qWeak()).isEqualTo(0.25);
        assertThat(sw.qStrong()).isEqualTo(0.75);
        assertThat(sw.apgr()).isCloseTo(0.625, within(1e-12));
        assertThat(sw.cpt50()).isEqualTo(0.25);
        assertThat(sw.cpt80()).isEqualTo(0.75);
        assertThat(sw.randomApgr()).isEqualTo(0.5);
        assertThat(sw.curve()).hasSize(101);
        assertThat(sw.curve().get(0).pgr()).isEqualTo(0.0);
        assertThat(sw.curve().get(50).pgr()).isEqualTo(0.5);   // k = 2
        assertThat(sw.curve().get(75).pgr()).isEqualTo(1.0);   // k = 3
        assertThat(sw.curve().get(100).quality()).isEqualTo(0.75);
    }

    @Test
    void aRankingThatPrefersTheStrongModelWhereItDoesNotHelpScoresBelowRandom() {
        // The same requests, preferences reversed: the useless strong calls come first.
        List<StrongWeak.Scored> scored = List.of(
                new StrongWeak.Scored(0.9, 0, 0),
                new StrongWeak.Scored(0.5, 1, 1),
                new StrongWeak.Scored(0.1, 1, 0),
                new StrongWeak.Scored(0.3, 1, 0));
        StrongWeak sw = StrongWeak.of("s", "w", scored);
        // PGR 0, 0, 0, 0.5, 1 -> APGR = (0 + 0 + 0.5 + 1.5) / 2 / 4 = 0.25
        assertThat(sw.apgr()).isCloseTo(0.25, within(1e-12));
        assertThat(sw.cpt50()).isEqualTo(0.75);
        assertThat(sw.cpt80()).isEqualTo(1.0);
    }

    @Test
    void leavesApgrUndefinedWhenTheStrongModelIsNoBetter() {
        StrongWeak sw = StrongWeak.of("s", "w", List.of(new StrongWeak.Scored(1, 1, 1), new StrongWeak.Scored(0, 0, 1)));
        assertThat(sw.apgr()).isNull();
        assertThat(sw.cpt50()).isNull();
        assertThat(sw.curve().get(40).pgr()).isNull();
    }
}
