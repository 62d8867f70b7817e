package io.routewise.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InstructionFeaturesTest {

    @Test
    void theInstructionIsTheShorterOfTheFirstAndLastBlocks() {
        assertThat(InstructionFeatures.instruction("Summarise this:\n\nA long passage.\n\nAnd it goes on and on."))
                .isEqualTo("Summarise this:");
        assertThat(InstructionFeatures.instruction("A long passage that goes on and on.\n \t\nIs it positive?"))
                .isEqualTo("Is it positive?");
        // a blank line made of spaces separates blocks too; leading and trailing blank lines do not make blocks
        assertThat(InstructionFeatures.instruction("\n\nTitle it:\n   \nThe story of a cat.\n\n"))
                .isEqualTo("Title it:");
    }

    @Test
    void aTurnOfOneBlockIsItsOwnInstruction() {
        String turn = "What is the capital of France?\nAnd of Spain?";
        assertThat(InstructionFeatures.instruction(turn)).isSameAs(turn);
        assertThat(InstructionFeatures.instruction("\n\nhi\n\n")).isEqualTo("\n\nhi\n\n");
        assertThat(InstructionFeatures.instruction(null)).isNull();
    }

    @Test
    void theInputsGoAfterTheEmbeddingAsTheInstructionMinusTheTurn() {
        List<String> names = List.of("emb_000", "emb_001", "st_a", "st_b");
        assertThat(InstructionFeatures.embeddingDimensions(names)).isEqualTo(2);
        assertThat(InstructionFeatures.names(names, 2))
                .containsExactly("emb_000", "emb_001", "inst_000", "inst_001", "st_a", "st_b")
                .isSorted(); // the order Tribuo and the ONNX export use
        float[] turn = {1, 2, 7, 8};
        assertThat(InstructionFeatures.extend(turn, new float[] {4, 1, 9, 9}, 2)).containsExactly(1, 2, 3, -1, 7, 8);
        assertThat(InstructionFeatures.extend(turn, null, 2)).containsExactly(1, 2, 0, 0, 7, 8);
    }
}
