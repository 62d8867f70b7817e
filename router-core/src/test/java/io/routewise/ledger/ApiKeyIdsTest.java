package io.routewise.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeyIdsTest {

    @Test
    void anIdIsStableShortAndDoesNotContainTheKey() {
        String key = "sk-routewise-client-0123456789";
        String id = ApiKeyIds.of(key);
        // printf %s sk-routewise-client-0123456789 | sha256sum | cut -c1-16
        assertThat(id).isEqualTo("key_df9566202808f1c5").isEqualTo(ApiKeyIds.of(key)).doesNotContain("sk-");
        assertThat(ApiKeyIds.of(key + "x")).isNotEqualTo(id);
        assertThat(ApiKeyIds.of(null)).isNull();
        assertThat(ApiKeyIds.of("")).isNull();
    }
}
