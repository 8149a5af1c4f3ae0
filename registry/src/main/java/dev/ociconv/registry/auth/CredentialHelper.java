package dev.ociconv.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ociconv.model.content.BoundedReads;
import dev.ociconv.model.json.Json;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs a Docker credential helper: {@code docker-credential-<name> get}, with the server URL on
 * stdin, answering {@code {"ServerURL": …, "Username": …, "Secret": …}} on stdout (a
 * {@code Username} of {@code <token>} means the secret is an identity token). "Not found" (a
 * non-zero exit) gives no credentials; a helper that hangs is killed after the timeout.
 *
 * @see <a href="https://github.com/docker/docker-credential-helpers">docker-credential-helpers</a>
 */
public final class CredentialHelper {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final long MAX_OUTPUT = 64 * 1024;
    /** util-linux's setsid, to run a helper in its own process group (so all it leaves can be killed); null where absent. */
    private static final Path SETSID = java.util.stream.Stream.of("/usr/bin/setsid", "/bin/setsid").map(Path::of)
            .filter(java.nio.file.Files::isExecutable).findFirst().orElse(null);

    private final String searchPath;
    private final Duration timeout;

    /**
     * @param searchPath directories to find helpers in, as in {@code PATH} (tests pass a temp dir)
     * @param timeout    how long a helper may take
     */
    public CredentialHelper(String searchPath, Duration timeout) {
        this.searchPath = searchPath == null ? "" : searchPath;
        this.timeout = timeout;
    }

    /** Helpers from the process's {@code PATH}, 30 s each. */
    public static CredentialHelper fromEnvironment() {
        return new CredentialHelper(System.getenv("PATH"), Duration.ofSeconds(30));
    }

    /** Asks helper {@code name} for the credentials of {@code serverUrl}. */
    public Optional<Credentials> get(String name, String serverUrl) throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw new IOException("credential helper '" + name + "': invalid name");
        }
        String program = "docker-credential-" + name;
        Path exe = find(program).orElseThrow(() ->
                new IOException("credential helper " + program + ": not found on the search path"));
        List<String> command = SETSID != null ? List.of(SETSID.toString(), exe.toString(), "get") : List.of(exe.toString(), "get");
        Process p = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            try (OutputStream stdin = p.getOutputStream()) {
                stdin.write(serverUrl.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // The helper may exit before reading stdin; its exit code tells.
            }
            byte[] out;
            try (InputStream stdout = p.getInputStream()) {
                out = readWithTimeout(p, stdout, program);
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("credential helper " + program + ": no answer within " + timeout.toSeconds() + " s");
            }
            if (p.exitValue() != 0) {
                // Helpers exit 1 with "credentials not found in native keychain": nothing stored.
                return Optional.empty();
            }
            JsonNode answer = Json.parseTree(out, "credential helper " + program + " output");
            String user = answer.path("Username").asText("");
            String secret = answer.path("Secret").asText("");
            if (secret.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(user.equals("<token>") ? Credentials.identityToken(secret) : Credentials.basic(user, secret));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("credential helper " + program + ": interrupted");
        } finally {
            stop(p);
        }
    }

    /**
     * Kills the helper and whatever it started and left running (a helper that forks a daemon
     * and exits, or one killed at the timeout): under {@code setsid} the helper leads its own
     * process group, which is killed whole; without it, the helper's live descendants are.
     */
    private static void stop(Process p) {
        List<ProcessHandle> descendants = p.descendants().toList();
        if (SETSID != null) {
            try {
                Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + p.pid())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                kill.waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                // no kill(1): the descendants below are still killed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private byte[] readWithTimeout(Process p, InputStream stdout, String program) throws IOException, InterruptedException {
        // Read on another thread so a helper that never closes stdout cannot block us past the timeout.
        var result = new java.util.concurrent.CompletableFuture<byte[]>();
        Thread reader = new Thread(() -> {
            try {
                result.complete(BoundedReads.readAtMost(stdout, MAX_OUTPUT, program + " output"));
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
        }, "credential-helper-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
            throw new IOException("credential helper " + program + ": no answer within " + timeout.toSeconds() + " s");
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(program + ": " + e.getCause());
        }
    }

    private Optional<Path> find(String program) {
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
