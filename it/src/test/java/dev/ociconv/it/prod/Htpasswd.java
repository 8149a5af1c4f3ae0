package dev.ociconv.it.prod;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.stream.Collectors;

/** An htpasswd file of bcrypt hashes, as {@code htpasswd -B} writes it. */
final class Htpasswd {
    private Htpasswd() {
    }

    static Path write(Path file, Map<String, String> users) throws IOException {
        SecureRandom random = new SecureRandom();
        String lines = users.entrySet().stream().map(e -> {
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            // Cost 5 keeps the registry's check fast; the format is what matters here.
            return e.getKey() + ":" + OpenBSDBCrypt.generate("2a", e.getValue().toCharArray(), salt, 5);
        }).collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(file, lines);
        return file;
    }
}
