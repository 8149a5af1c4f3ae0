package dev.ociconv.converter.transport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransportRefTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "docker-archive:testimage.tar|docker-archive|testimage.tar|",
            "docker-archive:out.tar:testuser/testimage:v1|docker-archive|out.tar|testuser/testimage:v1",
            "docker-archive:multi.tar:@1|docker-archive|multi.tar|@1",
            "docker25:x.tar|docker25|x.tar|",
            "oci:layout|oci|layout|",
            "oci:layout:v1|oci|layout|v1",
            "oci-archive:/tmp/a.tar:latest|oci-archive|/tmp/a.tar|latest",
            "docker://localhost:5000/testuser/testimage:v2|docker|localhost:5000/testuser/testimage:v2|",
            "./testimage.tar||./testimage.tar|",
            "-||-|"})
    void parses(String text, String transport, String location, String reference) {
        TransportRef r = TransportRef.parse(text);
        assertEquals(transport == null ? "" : transport, r.transport().name());
        assertEquals(location, r.location());
        assertEquals(reference == null ? "" : reference, r.reference().orElse(""));
        assertEquals(text, r.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"oci:", "docker-archive:", "oci:dir:", "oci-archive::x"})
    void rejectsEmptyParts(String text) {
        assertThrows(IllegalArgumentException.class, () -> TransportRef.parse(text));
    }

    /** The transports come from one list; each name is a --to form except the registry's. */
    @Test
    void everyTransportIsInTheOneList() {
        assertEquals(java.util.List.of("docker-archive:", "docker25:", "oci:", "oci-archive:", "docker://"), Transports.prefixes());
        for (Transport t : Transports.ALL) {
            t.formName().ifPresent(form -> assertEquals(t, Transports.outputForm(form)));
            assertEquals(t, TransportRef.parse(t.prefix() + "x").transport());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transports.outputForm("dir"));
        assertEquals("unknown --to 'dir': expected docker-archive, docker25, oci, oci-archive", e.getMessage());
    }

    @Test
    void stdin() {
        assertTrue(TransportRef.parse("-").isStdin());
    }

    /** A location that is no file and reads like another kind: said as such, never "no such file". */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiterString = " => ", quoteCharacter = '"', value = {
            "oci-archiv:x.tar => unknown transport 'oci-archiv:' (did you mean oci-archive:?); the transports are docker-archive:, docker25:, oci:, oci-archive:, docker://, or a path",
            "docker-achive:x.tar => unknown transport 'docker-achive:' (did you mean docker-archive:?)",
            "docker:alpine => unknown transport 'docker:' (did you mean docker://?)",
            "frobnicate:x => unknown transport 'frobnicate:'; the transports are",
            "docker-daemon:alpine:3 => transport 'docker-daemon:' is not supported (read the engine's images with 'docker save IMAGE | ociconv convert - OUT')",
            "containers-storage:x => transport 'containers-storage:' is not supported",
            "dir:/tmp/x => transport 'dir:' is not supported (skopeo's dir: format; write an OCI layout (oci:DIR) instead)",
            "localhost:5000/team/app:1 => 'localhost:5000/team/app:1' is not a file here; a registry reference needs docker:// (did you mean docker://localhost:5000/team/app:1?)",
            "127.0.0.1:5000/a:1 => (did you mean docker://127.0.0.1:5000/a:1?)",
            "registry.example.com/app:1 => (did you mean docker://registry.example.com/app:1?)",
    })
    void mistypedLocationsAreNamed(String text, String message) {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TransportRef.parse(text));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith(message) || e.getMessage().contains(message), e.getMessage());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"image.tar", "-", "out/dir", "./a:b"})
    void plainPathsStayPaths(String text) {
        org.junit.jupiter.api.Assertions.assertTrue(TransportRef.parse(text).isPath());
    }
}
