package io.routewise.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routewise.chat.Message;
import io.routewise.chat.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class HoldoutSplitTest {

    private static List<Message> prompt(String text) {
        return List.of(Message.text(Role.USER, text));
    }

    @Test
    void theSamePromptAlwaysLandsOnTheSameSide() {
        HoldoutSplit a = new HoldoutSplit(0.2, 7);
        HoldoutSplit b = new HoldoutSplit(0.2, 7);
        for (int i = 0; i < 200; i++) {
            assertThat(a.isHeldOut(prompt("question " + i))).isEqualTo(b.isHeldOut(prompt("question " + i)));
        }
    }

    @Test
    void holdsOutAboutTheRequestedFraction() {
        HoldoutSplit split = new HoldoutSplit(0.2, 1);
        long held = 0;
        for (int i = 0; i < 5000; i++) {
            if (split.isHeldOut(prompt("prompt number " + i))) {
                held++;
            }
        }
        assertThat(held).isBetween(900L, 1100L);
    }

    @Test
    void anotherSeedGivesAnotherSplit() {
        HoldoutSplit s1 = new HoldoutSplit(0.5, 1);
        HoldoutSplit s2 = new HoldoutSplit(0.5, 2);
        long differ = 0;
        for (int i = 0; i < 400; i++) {
            if (s1.isHeldOut(prompt("p" + i)) != s2.isHeldOut(prompt("p" + i))) {
                differ++;
            }
        }
        assertThat(differ).isBetween(120L, 280L);
    }

    @Test
    void foldZeroIsTheHeldOutPartAndTheFoldsShareThePrompts() {
        HoldoutSplit split = new HoldoutSplit(0.2, 7);
        int[] sizes = new int[5];
        for (int i = 0; i < 5000; i++) {
            List<Message> p = prompt("fold prompt " + i);
            int fold = split.fold(p, 5);
            assertThat(fold == 0).isEqualTo(split.isHeldOut(p));
            assertThat(new HoldoutSplit(0.5, 7).fold(p, 5)).isEqualTo(fold); // the fraction does not move folds
            sizes[fold]++;
        }
        for (int size : sizes) {
            assertThat(size).isBetween(900, 1100);
        }
        assertThatThrownBy(() -> split.fold(prompt("x"), 1)).hasMessageContaining("at least 2");
    }

    @Test
    void refusesAHoldoutOutsideZeroToOne() {
        assertThatThrownBy(() -> new HoldoutSplit(1.0, 1)).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> new HoldoutSplit(0.0, 1)).hasMessageContaining("between 0 and 1");
    }
}
