package io.routewise.config;

import java.nio.file.Path;

/** Reads and validates a YAML config. (Placeholder: the full loader is being written.) */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    public static RoutewiseConfig load(Path file) {
        throw new UnsupportedOperationException("not yet written");
    }
}
