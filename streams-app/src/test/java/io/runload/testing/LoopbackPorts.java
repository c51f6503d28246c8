package io.runload.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Free loopback ports for the processes a test starts. Several ports for one test are taken while
 * all their sockets are open, so that they differ: probed one after another, the system may hand
 * back a port just released, and two servers of the same test then race for it.
 */
public final class LoopbackPorts {
    private LoopbackPorts() {}

    public static int one() {
        return distinct(1)[0];
    }

    public static int[] distinct(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        int[] ports = new int[count];
        try {
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 0, InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // Closing a listening socket that was never used cannot lose anything.
                    }
                }
            }
        }
    }
}
