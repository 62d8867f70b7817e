package io.routewise.providers;

import io.routewise.config.ProviderConfig;
import java.util.Map;

/** The adapter and config of every configured provider, by provider name. */
public final class ProviderRegistry {

    /** A provider as the dispatcher sees it. */
    public record Provider(ProviderConfig config, ProviderAdapter adapter) {
    }

    private final Map<String, Provider> byName;

    public ProviderRegistry(Map<String, Provider> byName) {
        this.byName = Map.copyOf(byName);
    }

    /** The provider of that name; the config has been validated, so a missing one is a bug. */
    public Provider get(String name) {
        Provider p = byName.get(name);
        if (p == null) {
            throw new IllegalStateException("no provider named '" + name + "' is configured");
        }
        return p;
    }

    /** Every provider's name. */
    public java.util.Set<String> names() {
        return byName.keySet();
    }
}
