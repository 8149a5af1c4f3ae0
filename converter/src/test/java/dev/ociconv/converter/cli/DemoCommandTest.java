package dev.ociconv.converter.cli;

import dev.ociconv.converter.build.Skopeo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ociconv demo} runs offline and tells the walk-through with the real, stable hashes. */
class DemoCommandTest {
    /** The hello.txt layer's directory in testimage.tar (top layer) and testimage2.tar (lower layer), as the README shows them. */
    static final String HELLO_DIR_V1 = "4584e0ee1e645260975e574166016de4f794056ec8bb86db22149c9a91ac36a8";
    static final String HELLO_DIR_V2 = "645b81cfe3b79be1407a02631f32e5b7c1668a5102c51850b92991e597f2288a";
    static final String HELLO_DIFF_ID = "7d053796c3545e260b968ef7a9e9f6ee6ed5c31076f41eff0cd045403a435959";

    @TempDir
    Path tmp;

    @Test
    void demoShowsBothTreesTheRenamedLayerAndOciLayouts() throws Exception {
        Path dir = tmp.resolve("demo");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "demo", "--dir", dir.toString());
        String text = out.toString();
        assertEquals(0, code, err + text);

        // the two archives, their trees and manifest.json
        assertTrue(text.contains("$ tree testimage.tar"), text);
        assertTrue(text.contains("$ tree testimage2.tar"), text);
        assertTrue(text.contains("├── " + HELLO_DIR_V1 + "\n│   ├── VERSION\n│   ├── json\n│   └── layer.tar"), text);
        assertTrue(text.contains("├── " + HELLO_DIR_V2 + "\n│   ├── VERSION"), text);
        assertTrue(text.contains("\"RepoTags\":[\"testuser/testimage:v2\"],\"Layers\":[\"" + HELLO_DIR_V2 + "/layer.tar\""), text);
        assertTrue(text.contains("├── manifest.json\n└── repositories"), text);

        // the explanation: two names, one diffID, the hashed documents
        assertTrue(text.contains("testimage.tar   " + HELLO_DIR_V1 + "/   (v1: the TOP layer)"), text);
        assertTrue(text.contains("testimage2.tar  " + HELLO_DIR_V2 + "/   (v2: a LOWER layer"), text);
        assertTrue(text.contains("testimage.tar   diffID sha256:" + HELLO_DIFF_ID), text);
        assertTrue(text.contains("testimage2.tar  diffID sha256:" + HELLO_DIFF_ID), text);
        assertTrue(text.contains("\"created\":\"1970-01-01T00:00:00Z\",\"layer_id\":\"sha256:" + HELLO_DIFF_ID + "\"}"), text);

        // the OCI layouts: listed, the hello.txt blob shared by name, readable by skopeo
        assertTrue(text.contains("$ tree testimage-oci") && text.contains("$ tree testimage2-oci"), text);
        assertTrue(text.contains("blobs/sha256/" + HELLO_DIFF_ID + " in both layouts"), text);
        for (String layout : new String[]{"testimage-oci", "testimage2-oci"}) {
            assertTrue(Files.isRegularFile(dir.resolve(layout).resolve("blobs/sha256/" + HELLO_DIFF_ID)), layout);
            assertTrue(Files.isRegularFile(dir.resolve(layout).resolve("index.json")), layout);
        }
        assertTrue(text.contains("Everything was written to " + dir), text);
        assertTrue(Files.isRegularFile(dir.resolve("testimage.tar")) && Files.isRegularFile(dir.resolve("testimage2.tar")));

        Skopeo.assumePresent();
        Skopeo.run(tmp, "copy", "oci:" + dir.resolve("testimage2-oci"), "oci:" + tmp.resolve("copied") + ":v2");
        assertTrue(Skopeo.run(tmp, "inspect", "oci:" + dir.resolve("testimage-oci")).contains(HELLO_DIFF_ID));
        assertTrue(Skopeo.run(tmp, "inspect", "docker-archive:" + dir.resolve("testimage2.tar")).contains(HELLO_DIFF_ID));
    }

    @Test
    void demoRefusesANonEmptyDirectory() throws Exception {
        Files.writeString(tmp.resolve("keep.txt"), "mine");
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "demo", "--dir", tmp.toString());
        assertEquals(1, code);
        assertTrue(err.toString().startsWith("ociconv: error: " + tmp + ": not empty"), err.toString());
        assertEquals("mine", Files.readString(tmp.resolve("keep.txt")));
    }
}
