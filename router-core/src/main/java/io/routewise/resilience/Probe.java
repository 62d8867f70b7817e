package io.routewise.resilience;

import io.routewise.providers.ProviderException;

/**
 * The cheapest call that shows a deployment answers (e.g. a one-token completion). Returns when it
 * did; throws when it did not.
 */
@FunctionalInterface
public interface Probe {

    void probe(Deployment deployment) throws ProviderException;
}
