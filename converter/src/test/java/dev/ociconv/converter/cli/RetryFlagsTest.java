package dev.ociconv.converter.cli;

import dev.ociconv.registry.http.RetryPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** skopeo's --retry-times and --retry-delay set the registry retry policy. */
class RetryFlagsTest {
    private static RetryPolicy policy(String args) {
        RegistryFlags flags = new RegistryFlags();
        new CommandLine(flags).parseArgs(args.isBlank() ? new String[0] : args.split(" "));
        return flags.options(null, null, null, false, true, null).retry();
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource({"'', 5, 500, 10000", "--retry-times 0, 1, 500, 10000", "--retry-times 2 --retry-delay 1.5, 3, 1500, 10000",
            "--retry-delay 30, 5, 30000, 30000"})
    void theyShapeThePolicy(String args, int attempts, long firstMillis, long maxMillis) {
        RetryPolicy p = policy(args);
        assertEquals(attempts, p.maxAttempts());
        assertEquals(Duration.ofMillis(firstMillis), p.initialDelay());
        assertEquals(Duration.ofMillis(maxMillis), p.maxDelay());
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource({"--retry-times -1", "--retry-times 101", "--retry-delay -2", "--retry-delay NaN"})
    void nonsenseIsRefused(String args) {
        assertThrows(IllegalArgumentException.class, () -> policy(args));
    }
}
