package io.routewise.cli;

import io.routewise.config.RoutewiseConfig;
import io.routewise.server.RouterLauncher;
import io.routewise.server.RunningRouter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code routewise serve}: the OpenAI-compatible router. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Start the router (OpenAI-compatible API on /v1).",
                "Providers without an API key (and kind: simulator) are served by the built-in simulator."})
final class ServeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfigOption config = new ConfigOption();

    @Option(names = "--host", description = "Listen address (default: server.host from the config).")
    String host;

    @Option(names = {"-p", "--port"}, description = "Listen port (default: server.port from the config, 8080).")
    Integer port;

    @Option(names = "--insecure-no-auth", description = "Listen on a non-loopback address without caller keys "
            + "(auth.required false): anyone who can reach the port can spend the provider accounts.")
    boolean insecureNoAuth;

    @Option(names = "--simulate-all", description = "Serve every provider from the simulator, even those with keys.")
    boolean simulateAll;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Model directory that model \"auto\" routes with (default: models/default).")
    Path model = RouterLauncher.DEFAULT_MODEL_DIR;

    @Option(names = "--warmup-seconds", paramLabel = "S", description = "Score built-in prompts for this long before "
            + "listening, so that the decision path is compiled before traffic arrives (default: ${DEFAULT-VALUE}; 0: "
            + "listen at once).")
    double warmupSeconds = 5;

    @Override
    public Integer call() throws InterruptedException {
        if (!(warmupSeconds >= 0 && warmupSeconds <= 600)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--warmup-seconds must be between 0 and 600, got "
                    + warmupSeconds);
        }
        RoutewiseConfig cfg = config.load();
        String listen = host != null ? host : cfg.server().host();
        String problem = ListenAddress.problem(listen);
        if (problem != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), (host != null ? "--host " : "server.host ")
                    + problem);
        }
        RunningRouter router = RouterLauncher.start(cfg, new RouterLauncher.Options(host, port, simulateAll, model,
                insecureNoAuth).withConfigFile(config.path()).withWarmup(Duration.ofMillis(
                Math.round(warmupSeconds * 1000))));
        router.reloadOnHangup();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            router.close();
            stopped.countDown();
        }, "routewise-shutdown"));
        System.err.printf("routewise: serving %d models on http://%s:%d/v1 (config %s, version %s; routing model %s)%n",
                cfg.models().stream().filter(m -> m.enabled()).count(), displayHost(router), router.port(),
                config.describe(), cfg.version(), model);
        System.err.println("routewise: " + (cfg.auth().required() ? "caller keys required (routewise keys create)"
                : "no caller keys required (auth.required: false)") + "; admin API "
                + (router.adminConfigured() ? "enabled" : "off (set " + cfg.auth().adminKeyEnv() + " to enable /admin)"));
        if (config.path() != null) {
            System.err.println("routewise: " + config.path() + " is reloaded when it changes, on SIGHUP and on "
                    + "POST /admin/config/reload");
        }
        router.simulatedProviders().forEach(p -> System.err.println("routewise: provider '" + p
                + "' has no API key set: answered by the built-in simulator"));
        router.simulator().ifPresent(sim -> System.err.println("routewise: the built-in simulator listens on "
                + "http://127.0.0.1:" + sim.port() + " (its /_sim control API needs the admin credential)"));
        stopped.await();
        return 0;
    }

    private String displayHost(RunningRouter router) {
        String h = router.host();
        return h.equals("0.0.0.0") ? "localhost" : h;
    }
}
