package io.routewise.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.routewise.catalog.Exclusion;

/**
 * A candidate a decision set aside, and why: excluded outright, or (a {@linkplain Exclusion#soft()
 * soft} cause) ranked after the others of adequate quality.
 *
 * @param model     the candidate's model id
 * @param exclusion why
 */
@JsonPropertyOrder({"model", "cause", "detail"})
public record ExcludedModel(@JsonProperty("model") String model, @JsonIgnore Exclusion exclusion) {

    @JsonProperty("cause")
    public String cause() {
        return exclusion.cause().tag();
    }

    @JsonProperty("detail")
    public String detail() {
        return exclusion.detail();
    }

    /** The sentence the decision's reasons carry for it. */
    String reason() {
        return exclusion.soft() ? model + " ranked after the others: " + exclusion.detail()
                : model + " excluded: " + exclusion.detail();
    }
}
