package io.routewise.policy;

import java.util.OptionalInt;

/**
 * How long a model's answers run, as far as anyone knows: routing prices a candidate at its list price
 * times this many output tokens ({@code routing.expected_output_tokens} when it is empty), so that a model
 * whose answers run long (a reasoning model bills its thinking as output) is priced at what it costs, not
 * at what a typical answer would cost at its rates.
 */
@FunctionalInterface
public interface AnswerLengths {

    /** Nothing known: every model is priced at the configured expected answer length. */
    AnswerLengths NONE = model -> OptionalInt.empty();

    /** The mean output tokens of the model's calls, or empty when too little is known. */
    OptionalInt mean(String model);
}
