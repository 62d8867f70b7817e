package io.routewise.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.chat.Message;
import io.routewise.chat.Role;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

class LabelledSetTest {

    @Test
    void keepsAFeatureThatIsZeroInEveryExampleInTheFeatureMap() {
        TrafficRecord a = new TrafficRecord("a", null, null, null, List.of(Message.text(Role.USER, "x")), List.of(), "f", 1);
        TrafficRecord b = new TrafficRecord("b", null, null, null, List.of(Message.text(Role.USER, "y")), List.of(), "f", 2);
        LabelledSet set = new LabelledSet(List.of(a, b), List.of("easy", "hard"),
                new float[][] {{0.5f, 0f, 1f}, {0.25f, 0f, 0f}});
        MutableDataset<Label> data = set.toDataset(List.of("f_a", "f_b_always_zero", "f_c"), "test");
        assertThat(data.getFeatureIDMap().size()).isEqualTo(3);
        assertThat(data.getFeatureIDMap().get("f_b_always_zero")).isNotNull();
    }
}
