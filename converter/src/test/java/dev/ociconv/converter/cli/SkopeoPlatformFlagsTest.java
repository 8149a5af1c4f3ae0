package dev.ociconv.converter.cli;

import dev.ociconv.converter.copy.PlatformChoice;
import dev.ociconv.model.spec.Platform;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** skopeo's platform flags mean what --platform and --all mean. */
class SkopeoPlatformFlagsTest {
    private static PlatformChoice choice(String args) {
        CopyFlags flags = new CopyFlags();
        new CommandLine(flags).parseArgs(args.isBlank() ? new String[0] : args.split(" "));
        return flags.toOptions(new PrintWriter(new StringWriter())).platforms();
    }

    @ParameterizedTest(name = "[{0}] -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "--override-arch arm64 --override-os linux         | ONE  | linux/arm64",
            "--override-arch arm --override-variant v7         | ONE  | HOSTOS/arm/v7",
            "--platform linux/s390x                             | ONE  | linux/s390x",
            "--multi-arch all                                   | ALL  | -",
            "--all                                              | ALL  | -",
            "--multi-arch system                                | ONE  | HOST",
            "' '                                                | AUTO | -",
    })
    void theyChooseTheSamePlatforms(String args, PlatformChoice.Mode mode, String platform) {
        PlatformChoice c = choice(args.strip());
        assertEquals(mode, c.mode());
        if (mode == PlatformChoice.Mode.ONE) {
            Platform host = Platform.host();
            String expected = platform.equals("HOST") ? host.os() + "/" + host.architecture()
                    + (host.variant() == null ? "" : "/" + host.variant()) : platform.replace("HOSTOS", host.os());
            assertEquals(Platform.parse(expected), c.wanted());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--multi-arch index-only                  | index-only is not supported",
            "--multi-arch every                       | --multi-arch takes system or all",
            "--platform linux/amd64 --override-os linux | exclude each other",
            "--multi-arch all --platform linux/amd64  | exclude each other",
            "--dest-compress-level 12                  | 1..9 for gzip",
            "--dest-compress-level 0 --compress zstd   | 1..19 with --compress zstd",
    })
    void contradictionsAreRefused(String args, String message) {
        // (the compression level is checked against the compression too)
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> choice(args.strip()));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
