package dev.flowsmith.farm;

import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A connection to the farm's Temporal server, checked at once: a server that cannot be reached is said in one
 * sentence with the fix, not as a gRPC stack trace minutes later.
 */
public final class FarmConnection implements AutoCloseable {
    private final WorkflowServiceStubs service;
    private final WorkflowClient client;
    private final String target;

    private FarmConnection(WorkflowServiceStubs service, WorkflowClient client, String target) {
        this.service = service;
        this.client = client;
        this.target = target;
    }

    /** Connects to {@code HOST:PORT}, namespace {@code namespace}; {@code identity} names this process in the server's records. */
    public static FarmConnection open(String target, String namespace, String identity) {
        checkTarget(target);
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(target).setRpcTimeout(Duration.ofSeconds(20))
                .setRpcQueryTimeout(Duration.ofSeconds(3)).build()); // a query waits for a worker: status must not hang without one
        try {
            service.blockingStub().withDeadlineAfter(10, TimeUnit.SECONDS).getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            service.shutdownNow();
            throw new FarmException("Flowsmith cannot reach the farm server at " + target + " (" + e.getStatus().getCode()
                    .name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "): start it (to try the farm on this machine: "
                    + "'flowsmith farm dev-server --port " + target.substring(target.lastIndexOf(':') + 1) + "') or correct --server.");
        }
        WorkflowClient client = WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder().setNamespace(namespace)
                .setIdentity(identity).build());
        return new FarmConnection(service, client, target);
    }

    /** A connection made elsewhere (Temporal's in-JVM test environment). */
    public static FarmConnection of(WorkflowServiceStubs service, WorkflowClient client) {
        return new FarmConnection(service, client, "in-process");
    }

    /** {@code HOST:PORT} with a port of 1-65535, or a sentence. */
    public static void checkTarget(String target) {
        int colon = target == null ? -1 : target.lastIndexOf(':');
        boolean ok = colon > 0;
        if (ok) {
            try {
                int port = Integer.parseInt(target.substring(colon + 1));
                ok = port >= 1 && port <= 65535;
            } catch (NumberFormatException e) {
                ok = false;
            }
        }
        if (!ok) {
            throw new IllegalArgumentException("--server '" + target + "' is not HOST:PORT: give the farm server's address, e.g. "
                    + "127.0.0.1:7233.");
        }
    }

    public WorkflowClient client() {
        return client;
    }

    public WorkflowServiceStubs service() {
        return service;
    }

    public String target() {
        return target;
    }

    @Override
    public void close() {
        service.shutdown();
        service.awaitTermination(5, TimeUnit.SECONDS);
    }
}
