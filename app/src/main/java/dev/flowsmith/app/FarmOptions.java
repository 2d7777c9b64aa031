package dev.flowsmith.app;

import dev.flowsmith.farm.FarmConnection;
import picocli.CommandLine.Option;

/** Where the farm's Temporal server is: shared by worker, submit and farm. */
final class FarmOptions {
    @Option(names = "--server", required = true, paramLabel = "HOST:PORT", description = "the farm's Temporal server (e.g. 127.0.0.1:7233)")
    String server;

    @Option(names = "--namespace", defaultValue = "default", description = "the Temporal namespace (default ${DEFAULT-VALUE})")
    String namespace;

    /** Connects, or fails with one sentence naming the server and the fix. */
    FarmConnection connect(String role) {
        try {
            FarmConnection.checkTarget(server);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (namespace == null || !namespace.matches("[A-Za-z0-9._-]{1,255}")) {
            throw new UsageException("--namespace '" + namespace + "' is not a Temporal namespace name (letters, digits, '.', '_', '-').");
        }
        return FarmConnection.open(server, namespace, identity(role));
    }

    /** {@code flowsmith-worker@HOST/PID}: how this process is named in the server's records and in status lines. */
    static String identity(String role) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return "flowsmith-" + role + "@" + host + "/" + ProcessHandle.current().pid();
    }
}
