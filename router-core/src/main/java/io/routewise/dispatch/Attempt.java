package io.routewise.dispatch;

import io.routewise.providers.ProviderException;

/**
 * One upstream call made for a request.
 *
 * @param model    the catalog model id
 * @param provider the provider name
 * @param nanos    how long the call took
 * @param error    why it failed, or null when it succeeded
 */
public record Attempt(String model, String provider, long nanos, ProviderException error) {

    public boolean succeeded() {
        return error == null;
    }
}
