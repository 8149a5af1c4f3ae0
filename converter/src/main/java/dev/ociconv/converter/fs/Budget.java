package dev.ociconv.converter.fs;

/** The running totals of one unpack or export, checked against its {@link UnpackLimits}. */
final class Budget {
    final UnpackLimits limits;
    long bytes;
    long entries;

    Budget(UnpackLimits limits) {
        this.limits = limits;
    }
}
