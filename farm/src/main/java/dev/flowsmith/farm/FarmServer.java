package dev.flowsmith.farm;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.TestServicesStarter;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * {@code flowsmith farm dev-server}: Temporal's own Java test server (an in-memory Temporal implementation from the
 * SDK's project) on loopback, with real time (no time skipping), for trying the farm on one machine and for tests.
 * Its state is lost when it stops; production farms run a real Temporal server (README, docs/farm.md).
 */
public final class FarmServer implements AutoCloseable {
    private final TestServicesStarter services;
    private final Server grpc;

    private FarmServer(TestServicesStarter services, Server grpc) {
        this.services = services;
        this.grpc = grpc;
    }

    /** Starts on 127.0.0.1:{@code port} (0 = any free port); throws {@link IllegalStateException} with a sentence when the port is taken. */
    public static FarmServer start(int port) {
        TestServicesStarter services = new TestServicesStarter(true, 0);
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        for (BindableService s : services.getServices()) {
            b.addService(s);
        }
        try {
            return new FarmServer(services, b.build().start());
        } catch (IOException e) {
            services.close();
            throw new IllegalStateException("The farm's dev server cannot listen on 127.0.0.1:" + port
                    + " (is another server using the port?): choose another with --port.", e);
        }
    }

    public int port() {
        return grpc.getPort();
    }

    /** {@code 127.0.0.1:PORT}, what {@code --server} takes. */
    public String target() {
        return "127.0.0.1:" + port();
    }

    public void awaitTermination() throws InterruptedException {
        grpc.awaitTermination();
    }

    @Override
    public void close() {
        grpc.shutdownNow();
        services.close();
    }
}
