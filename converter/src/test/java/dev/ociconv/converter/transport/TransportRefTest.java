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
            "docker-archive:testimage.tar|DOCKER_ARCHIVE|testimage.tar|",
            "docker-archive:out.tar:testuser/testimage:v1|DOCKER_ARCHIVE|out.tar|testuser/testimage:v1",
            "docker-archive:multi.tar:@1|DOCKER_ARCHIVE|multi.tar|@1",
            "docker25:x.tar|DOCKER25_ARCHIVE|x.tar|",
            "oci:layout|OCI|layout|",
            "oci:layout:v1|OCI|layout|v1",
            "oci-archive:/tmp/a.tar:latest|OCI_ARCHIVE|/tmp/a.tar|latest",
            "docker://localhost:5000/testuser/testimage:v2|REGISTRY|localhost:5000/testuser/testimage:v2|",
            "./testimage.tar|DETECT|./testimage.tar|",
            "-|DETECT|-|"})
    void parses(String text, TransportKind kind, String location, String reference) {
        TransportRef r = TransportRef.parse(text);
        assertEquals(kind, r.kind());
        assertEquals(location, r.location());
        assertEquals(reference == null ? "" : reference, r.reference().orElse(""));
        assertEquals(text, r.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"oci:", "docker-archive:", "oci:dir:", "oci-archive::x"})
    void rejectsEmptyParts(String text) {
        assertThrows(IllegalArgumentException.class, () -> TransportRef.parse(text));
    }

    @Test
    void stdin() {
        assertTrue(TransportRef.parse("-").isStdin());
    }
}
