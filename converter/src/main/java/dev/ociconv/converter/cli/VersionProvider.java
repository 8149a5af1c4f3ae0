package dev.ociconv.converter.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version from the jar manifest (set by Maven, so one number lives in the pom) and the git
 * commit it was built from, with that commit's date ({@code git.properties}, written at build).
 */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[]{"ociconv " + (v == null ? "development build" : v) + commit(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }

    /** {@code  (commit 1a2b3c4, 2026-12-04)}, {@code -dirty} when built from uncommitted changes; empty when unknown. */
    static String commit() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("git.properties")) {
            if (in == null) {
                return "";
            }
            p.load(in);
        } catch (IOException e) {
            return "";
        }
        String id = p.getProperty("git.commit.id.abbrev", "");
        if (id.isEmpty()) {
            return "";
        }
        return " (commit " + id + ("true".equals(p.getProperty("git.dirty")) ? "-dirty" : "")
                + (p.getProperty("git.commit.time", "").isEmpty() ? "" : ", " + p.getProperty("git.commit.time")) + ")";
    }
}
