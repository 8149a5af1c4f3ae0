package dev.ociconv.it.prod;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A registry that accepts connections and never answers (a hung server, a black-holing
 * firewall): ociconv gives up in bounded time — two tries of the read timeout per scheme it
 * probes — with one line naming the host and the wait, and writes nothing. It once waited 608 s
 * and said only "timeout".
 */
class SilentRegistryIT {
    @TempDir
    Path tmp;

    @Test
    void aSilentRegistryFailsInBoundedTimeWithOneLine() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // read nothing, answer nothing
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Path out = tmp.resolve("never.tar");
            String hostPort = "127.0.0.1:" + silent.getLocalPort();
            long start = System.nanoTime();
            Cli.Result r = Cli.in(tmp).ociconv("pull", "--read-timeout", "2", hostPort + "/silent/x:1", out.toString());
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(1, r.exit(), r.toString());
            assertEquals(1, r.errLines().size(), r.toString());
            String line = r.errLines().get(0);
            assertTrue(line.contains("no answer from " + hostPort + " within 2 s"), line);
            assertTrue(line.contains("tried 2 times"), line);
            // https and http are probed on loopback: 2 × 2 × 2 s, plus start-up and back-off
            assertTrue(seconds < 30, "took " + seconds + " s");
            assertFalse(Files.exists(out));
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
