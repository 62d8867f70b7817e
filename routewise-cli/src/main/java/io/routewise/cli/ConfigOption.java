package io.routewise.cli;

import io.routewise.config.ConfigLoader;
import io.routewise.config.RoutewiseConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The shared {@code --config} option: a file, else ./routewise.yaml, else the shipped default. */
final class ConfigOption {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "YAML config (default: ./routewise.yaml if present, else the shipped default).")
    Path file;

    RoutewiseConfig load() {
        if (file != null) {
            return ConfigLoader.load(file);
        }
        Path local = Path.of("routewise.yaml");
        return Files.isRegularFile(local) ? ConfigLoader.load(local) : ConfigLoader.loadDefault();
    }

    /** The file the config comes from, or null for the shipped default. */
    Path path() {
        if (file != null) {
            return file;
        }
        Path local = Path.of("routewise.yaml");
        return Files.isRegularFile(local) ? local : null;
    }

    String describe() {
        if (file != null) {
            return file.toString();
        }
        return Files.isRegularFile(Path.of("routewise.yaml")) ? "routewise.yaml" : "the shipped default config";
    }
}
