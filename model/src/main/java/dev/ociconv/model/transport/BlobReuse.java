package dev.ociconv.model.transport;

/** What {@link ImageSink#tryReuse} did instead of storing a blob again, if anything. */
public enum BlobReuse {
    /** Nothing: the blob must be put. */
    NONE,
    /** The sink already holds it (a layout's blob, a registry's HEAD answered 200). */
    PRESENT,
    /** The registry mounted it from the source's repository. */
    MOUNTED
}
