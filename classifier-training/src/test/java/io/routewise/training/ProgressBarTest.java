package io.routewise.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void printsAPlainLineEveryTenthWhenNotOnATerminal() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(out, true, StandardCharsets.UTF_8), false, "work", 100);
        for (int i = 0; i < 100; i++) {
            bar.advance(1);
        }
        bar.finish();
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(11); // the first step, then 10%, 20%, ..., 100%
        assertThat(lines[0]).startsWith("work:   1% 1/100");
        assertThat(lines[1]).startsWith("work:  10% 10/100");
        assertThat(lines[10]).startsWith("work: 100% 100/100");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("\r");
    }

    @Test
    void redrawsInPlaceOnATerminal() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(out, true, StandardCharsets.UTF_8), true, "work", 4);
        bar.advance(2);
        bar.finish();
        String s = out.toString(StandardCharsets.UTF_8);
        assertThat(s).startsWith("\rwork [").contains("100% 4/4").endsWith(System.lineSeparator());
        assertThat(s.chars().filter(c -> c == '\n').count()).isEqualTo(1);
    }
}
