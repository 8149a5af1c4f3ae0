package dev.ociconv.converter.archive;

/**
 * What a one-pass store keeps, and where. The format says which files it may ever read and which
 * are documents worth holding in memory; the memory budget is the store's, one for every format.
 */
public interface SpoolPolicy {
    /** Small documents held in memory altogether; beyond it they are spooled too. */
    long MEMORY_BUDGET = 32L << 20;

    /** True for a file the format may read: any other is skipped, never spooled. */
    boolean wanted(TarEntry file);

    /** True for a file to hold in memory while the budget lasts (a document, a small blob). */
    boolean inMemory(TarEntry file);

    /** True when each file's sha256 is worth computing while it is read (the reader then need not hash it again). */
    boolean hash();
}
