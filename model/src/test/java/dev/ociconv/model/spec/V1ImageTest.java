package dev.ociconv.model.spec;

import dev.ociconv.model.json.InvalidDocumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class V1ImageTest {

    private static final String EMPTY_CC = "{\"Hostname\":\"\",\"Domainname\":\"\",\"User\":\"\",\"AttachStdin\":false,"
            + "\"AttachStdout\":false,\"AttachStderr\":false,\"Tty\":false,\"OpenStdin\":false,\"StdinOnce\":false,"
            + "\"Env\":null,\"Cmd\":null,\"Image\":\"\",\"Volumes\":null,\"WorkingDir\":\"\",\"Entrypoint\":null,"
            + "\"OnBuild\":null,\"Labels\":null}";

    private static V1Image decode(String json, boolean docker25) throws InvalidDocumentException {
        return V1Image.fromImageConfig(json.getBytes(StandardCharsets.UTF_8), docker25, "config");
    }

    @Test
    void goKeepsOnlyItsFieldsInStructOrder() throws Exception {
        V1Image v = decode("{\"rootfs\":{},\"os\":\"linux\",\"history\":[],\"unknown\":1,\"architecture\":\"arm64\","
                + "\"variant\":\"v8\",\"author\":\"me\",\"created\":\"2023-05-02T16:49:27.000Z\",\"parent\":\"sha256:x\","
                + "\"id\":\"old\",\"comment\":\"c\",\"Size\":7}", false);
        assertEquals("{\"id\":\"old\",\"comment\":\"c\",\"created\":\"2023-05-02T16:49:27Z\",\"container_config\":"
                + EMPTY_CC + ",\"author\":\"me\",\"architecture\":\"arm64\",\"variant\":\"v8\",\"os\":\"linux\",\"Size\":7}", v.toString());
    }

    @Test
    void keysMatchCaseInsensitivelyAndTheLastWins() throws Exception {
        V1Image v = decode("{\"OS\":\"windows\",\"os\":\"linux\",\"Architecture\":\"amd64\",\"config\":{\"env\":[\"A=1\"],"
                + "\"CMD\":\"sh\",\"labels\":{\"b\":\"2\",\"a\":null},\"ExposedPorts\":{\"80/tcp\":{},\"443/tcp\":null},"
                + "\"Healthcheck\":{\"Test\":[\"CMD\"],\"Interval\":30000000000,\"StartInterval\":5},\"StopTimeout\":0}}", false);
        assertEquals("linux", v.os());
        assertEquals("amd64", v.architecture());
        String config = v.config().toJson();
        assertTrue(config.contains("\"ExposedPorts\":{\"443/tcp\":{},\"80/tcp\":{}}"), config);
        assertTrue(config.contains("\"Env\":[\"A=1\"],\"Cmd\":[\"sh\"],\"Healthcheck\":{\"Test\":[\"CMD\"],\"Interval\":30000000000}"), config);
        assertTrue(config.contains("\"Labels\":{\"a\":\"\",\"b\":\"2\"},\"StopTimeout\":0}"), config);
        V1Image v25 = decode("{\"config\":{\"Healthcheck\":{\"StartInterval\":5}}}", true);
        assertTrue(v25.config().toJson().contains("\"Healthcheck\":{\"StartInterval\":5}"));
    }

    @Test
    void emptyAndNullAreKeptApartAsGoDoes() throws Exception {
        V1Image v = decode("{\"config\":{\"Env\":[],\"Labels\":{},\"Shell\":[],\"Healthcheck\":{}}}", false);
        String config = v.config().toJson();
        assertTrue(config.contains("\"Env\":[]"), config);
        assertTrue(config.contains("\"Labels\":{}"), config);
        assertTrue(config.contains("\"Healthcheck\":{}"), config);
        assertTrue(!config.contains("Shell"), config);
        assertEquals(null, decode("{\"config\":null}", false).config());
    }

    @Test
    void createdIsGoZeroTimeUpToDocker24AndOmittedFrom25() throws Exception {
        assertTrue(decode("{}", false).toString().contains("\"created\":\"0001-01-01T00:00:00Z\""));
        assertTrue(!decode("{}", true).toString().contains("created"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"os\":1}",
            "{\"created\":\"yesterday\"}",
            "{\"created\":5}",
            "{\"config\":{\"Env\":\"A=1\"}}",
            "{\"config\":{\"Tty\":\"yes\"}}",
            "{\"config\":{\"Labels\":{\"a\":1}}}",
            "{\"config\":{\"Volumes\":{\"/d\":1}}}",
            "{\"config\":{\"StopTimeout\":1.5}}",
            "{\"container_config\":[]}",
            "[]"})
    void valuesDockerCannotDecodeAreErrors(String json) {
        assertThrows(InvalidDocumentException.class, () -> decode(json, false));
    }
}
