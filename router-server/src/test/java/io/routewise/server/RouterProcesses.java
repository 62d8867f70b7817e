package io.routewise.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Routers in child JVMs (this test classpath), for tests about separate processes. */
final class RouterProcesses {

    private RouterProcesses() {
    }

    /** Starts {@code main} with {@code args} in a new JVM; its stderr goes to target/router-child-stderr.log. */
    static Process start(Class<?> main, String... args) throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBin, "-cp", System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(args));
        java.io.File log = Path.of("target", "router-child-stderr.log").toFile();
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log)).start();
    }

    /** Waits for the child's {@code PORT n} line, then keeps draining its stdout so it never blocks. */
    static int port(Process child) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("PORT ")) {
                int port = Integer.parseInt(line.substring(5).strip());
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // discard
                        }
                    } catch (IOException ignored) {
                        // the child died: nothing more to read
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return port;
            }
        }
        throw new AssertionError("the router process exited before serving");
    }
}
