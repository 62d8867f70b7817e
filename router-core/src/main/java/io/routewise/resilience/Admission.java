package io.routewise.resilience;

/**
 * The answer of {@link ProviderLimits#tryAdmit}: a permit to call the provider, or why not.
 *
 * @param permit  release it when the call ends; null when refused
 * @param refusal why the provider is saturated ("openai at max in-flight 64"); null when admitted
 */
public record Admission(ProviderLimits.Permit permit, String refusal) {

    public boolean admitted() {
        return permit != null;
    }
}
