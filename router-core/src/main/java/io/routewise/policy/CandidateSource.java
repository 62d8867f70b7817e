package io.routewise.policy;

import io.routewise.chat.ChatRequest;
import io.routewise.chat.RoutingOptions;
import java.util.List;

/** The models one decision chooses among, each with its quality row, expected cost and exclusion. */
interface CandidateSource {

    List<Candidate> forRequest(ChatRequest request, RoutingOptions options);
}
