package io.routewise.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a prompt asks, apart from what it pastes, as inputs of the tier prior's complexity head of their own.
 *
 * <p>A prompt's embedding is the mean over its word pieces, so a pasted passage outweighs the instruction on
 * it: "Summarise this in one sentence" over a news story reads as the story. When a prompt has at least two
 * blocks (text separated by a blank line), its instruction is taken to be the shorter of the first and the
 * last, and the head gets that block's embedding minus the whole prompt's as {@value #PREFIX}-named inputs,
 * after the embedding's own; a prompt of one block gets zeros there, so the inputs speak only where a
 * prompt has something pasted, and the labelled prompts decide how much they count.
 */
public final class InstructionFeatures {

    /** The names of the instruction inputs: {@code inst_000}, ... (they sort between {@code emb_} and {@code st_}). */
    public static final String PREFIX = "inst_";

    private static final Pattern BLANK_LINE = Pattern.compile("\\n[ \\t\\r]*\\n");

    private InstructionFeatures() {
    }

    /** The instruction block of a user turn, or the turn itself when it is one block. */
    public static String instruction(String turn) {
        String block = pastedInstruction(turn);
        return block == null ? turn : block;
    }

    /** The instruction block of a user turn that has something pasted, or null when the turn is one block. */
    public static String pastedInstruction(String turn) {
        if (turn == null || turn.indexOf('\n') < 0) {
            return null; // no blank line without a line break: most turns end here, without the regex
        }
        String[] parts = BLANK_LINE.split(turn.strip());
        String first = null;
        String last = null;
        int blocks = 0;
        for (String p : parts) {
            String b = p.strip();
            if (!b.isEmpty()) {
                if (first == null) {
                    first = b;
                }
                last = b;
                blocks++;
            }
        }
        if (blocks < 2) {
            return null;
        }
        return first.length() <= last.length() ? first : last;
    }

    /** The feature names with the instruction inputs inserted after the {@code dimensions} embedding ones. */
    public static List<String> names(List<String> featureNames, int dimensions) {
        List<String> out = new ArrayList<>(featureNames.size() + dimensions);
        out.addAll(featureNames.subList(0, dimensions));
        for (int i = 0; i < dimensions; i++) {
            out.add(String.format(Locale.ROOT, PREFIX + "%03d", i));
        }
        out.addAll(featureNames.subList(dimensions, featureNames.size()));
        return List.copyOf(out);
    }

    /**
     * The complexity head's input: {@code turn}'s features with, after its {@code dimensions} embedding values,
     * the instruction's embedding minus the turn's ({@code instruction} null: the turn is one block, zeros).
     */
    public static float[] extend(float[] turn, float[] instruction, int dimensions) {
        float[] out = new float[turn.length + dimensions];
        System.arraycopy(turn, 0, out, 0, dimensions);
        if (instruction != null) {
            for (int i = 0; i < dimensions; i++) {
                out[dimensions + i] = instruction[i] - turn[i];
            }
        }
        System.arraycopy(turn, dimensions, out, 2 * dimensions, turn.length - dimensions);
        return out;
    }

    /** {@link #extend} for a user turn, featurizing its instruction block with {@code reader} when it has one. */
    public static float[] of(float[] turnFeatures, String turn, Featurizer reader, int dimensions) {
        String instruction = pastedInstruction(turn);
        return extend(turnFeatures, instruction == null ? null : reader.featurizeAlone(instruction), dimensions);
    }

    /** How many of the feature names are the embedding's ({@value Featurizer#EMBEDDING_PREFIX}...). */
    public static int embeddingDimensions(List<String> featureNames) {
        int n = 0;
        while (n < featureNames.size() && featureNames.get(n).startsWith(Featurizer.EMBEDDING_PREFIX)) {
            n++;
        }
        return n;
    }
}
