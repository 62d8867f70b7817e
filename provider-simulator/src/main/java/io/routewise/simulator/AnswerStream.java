package io.routewise.simulator;

import io.routewise.chat.StreamEvent;
import io.routewise.chat.ToolCall;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated answer cut into stream deltas, with each delta's token count for pacing. Paced
 * streams send about a word per delta, like a real model; unpaced ones send bigger pieces so a
 * throughput benchmark measures the router rather than frame overhead.
 *
 * @param deltas the text or tool-call deltas, in order (no finish or usage events)
 * @param tokens the estimated tokens of each delta
 */
record AnswerStream(List<StreamEvent> deltas, int[] tokens) {

    private static final int UNPACED_PIECE_CHARS = 64;
    private static final int ARGUMENT_PIECE_CHARS = 24;

    static AnswerStream of(SimulatedAnswer answer, boolean paced) {
        List<StreamEvent> deltas = new ArrayList<>();
        List<Integer> tokens = new ArrayList<>();
        List<ToolCall> calls = answer.message().toolCalls();
        if (calls.isEmpty()) {
            for (String piece : pieces(answer.message().text(), paced)) {
                deltas.add(new StreamEvent.TextDelta(piece));
                tokens.add(TokenEstimate.of(piece));
            }
        }
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            deltas.add(new StreamEvent.ToolCallDelta(i, call.id(), call.name(), ""));
            tokens.add(TokenEstimate.of(call.name()));
            String args = call.arguments();
            for (int from = 0; from < args.length(); from += ARGUMENT_PIECE_CHARS) {
                String piece = args.substring(from, Math.min(args.length(), from + ARGUMENT_PIECE_CHARS));
                deltas.add(new StreamEvent.ToolCallDelta(i, null, null, piece));
                tokens.add(TokenEstimate.of(piece));
            }
        }
        return new AnswerStream(List.copyOf(deltas), tokens.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Words with their trailing space (paced), or runs of about 64 characters cut after a space. */
    static List<String> pieces(String text, boolean paced) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int minLength = paced ? 1 : UNPACED_PIECE_CHARS;
        for (int i = 0; i < text.length(); i++) {
            boolean boundary = text.charAt(i) == ' ' && (i + 1 >= text.length() || text.charAt(i + 1) != ' ');
            if (boundary && i + 1 - start >= minLength) {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }
}
