package dev.ociconv.converter.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Temp names, the sweep of a killed run's leftovers, and the clean-up of an interrupted one. */
class TempFilesTest {
    @TempDir
    Path dir;

    /** The pid of a process that has ended (so not one of ours, nor alive). */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void sweepRemovesOnlyWhatDeadRunsLeft() throws Exception {
        long dead = deadPid();
        long self = ProcessHandle.current().pid();
        Path deadFile = Files.writeString(dir.resolve(TempFiles.PREFIX + dead + "-0a1b-out.tar"), "x");
        Path deadDir = Files.createDirectories(dir.resolve(TempFiles.PREFIX + dead + "-ff00-partial/blobs"));
        Files.writeString(deadDir.resolve("b"), "x");
        Path ours = Files.writeString(dir.resolve(TempFiles.PREFIX + self + "-0a1b-out.tar"), "x");
        Path user = Files.writeString(dir.resolve(TempFiles.PREFIX + "notes.txt"), "the user's");
        Path other = Files.writeString(dir.resolve("image.tar"), "the user's");
        List<String> notices = new java.util.ArrayList<>();
        Notices.setSink(notices::add);
        try {
            List<Path> removed = TempFiles.sweep(dir);
            assertEquals(2, removed.size(), removed.toString());
        } finally {
            Notices.setSink(line -> System.getLogger("dev.ociconv").log(System.Logger.Level.INFO, line));
        }
        assertFalse(Files.exists(deadFile));
        assertFalse(Files.exists(deadDir.getParent()));
        assertTrue(Files.exists(ours), "a live process's temp files are left alone");
        assertTrue(Files.exists(user), "a name that only starts like ours is not ours");
        assertTrue(Files.exists(other));
        assertEquals(1, notices.size(), notices.toString());
        assertTrue(notices.get(0).startsWith("removed 2 temp files left in " + dir), notices.get(0));
    }

    @Test
    void namesAreRecognisedAndNeverCreateParents() throws IOException {
        Path t = TempFiles.fileBeside(dir.resolve("out.tar"));
        assertTrue(TempFiles.isTempName(t.getFileName().toString()), t.toString());
        assertEquals(dir, t.getParent());
        assertFalse(TempFiles.isTempName("out.tar"));
        assertFalse(TempFiles.isTempName(TempFiles.PREFIX + "x-1"));
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> TempFiles.fileBeside(dir.resolve("missing/out.tar")));
        assertFalse(Files.exists(dir.resolve("missing")));
        TempFiles.delete(t);
    }

    @Test
    void deleteAllTakesBackTempsAndRunsUndo() throws IOException {
        Path f = TempFiles.file(dir, "spool");
        Files.writeString(f, "x");
        Path d = TempFiles.directory(dir, "stage");
        Files.writeString(d.resolve("inner"), "x");
        boolean[] undone = {false};
        Object key = new Object();
        TempFiles.registerUndo(key, () -> undone[0] = true);
        assertTrue(TempFiles.deleteAll() >= 2);
        assertFalse(Files.exists(f));
        assertFalse(Files.exists(d));
        assertTrue(undone[0]);
        assertTrue(TempFiles.live().stream().noneMatch(p -> p.startsWith(dir)));
    }
}
