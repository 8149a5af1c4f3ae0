package dev.ociconv.converter.dockerarchive;

import dev.ociconv.converter.archive.TarStore;
import dev.ociconv.converter.io.EntryNames;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import java.util.Optional;

/**
 * What the saving tool left in an archive's tar headers, needed to write the archive again as it
 * was: the time of saving, mode type bits, one owner name for every entry. Sees every header.
 */
final class SavingTraces implements TarStore.HeaderObserver {
    private Long firstSymlinkMtime;
    private Long indexJsonMtime;
    private boolean modeTypeBits;
    /** The owner names every header gave so far ("u:g"), "" once two headers disagree; null before the first. */
    private String ownerNames;

    @Override
    public void header(TarArchiveEntry e) {
        modeTypeBits |= (e.getMode() & 0170000) != 0;
        String owner = e.getUserName() + ":" + e.getGroupName();
        if (ownerNames == null) {
            ownerNames = owner;
        } else if (!ownerNames.equals(owner)) {
            ownerNames = ""; // mixed: not one saving tool's style to keep
        }
        long mtime = e.getModTime().toInstant().getEpochSecond();
        if (e.isSymbolicLink() && firstSymlinkMtime == null) {
            firstSymlinkMtime = mtime;
        }
        if (IndexJsonAgreement.INDEX_JSON.equals(EntryNames.normalise(e.getName()))) {
            indexJsonMtime = mtime;
        }
    }

    /**
     * When the archive was saved, as far as its headers tell: Docker dates the entries it makes
     * up (a symlinked layer, Docker 25's index.json) with the time of saving.
     */
    Optional<Long> savedAtSeconds() {
        return Optional.ofNullable(indexJsonMtime != null ? indexJsonMtime : firstSymlinkMtime);
    }

    /** True when some tar header's mode carries file type bits (Docker up to 22.06 wrote {@code 0100644}). */
    boolean modeTypeBits() {
        return modeTypeBits;
    }

    /**
     * {@code USER:GROUP} when every tar header names the same owner (Debian's Docker 20.10 writes
     * {@code root:root}), else empty.
     */
    Optional<String> ownerNames() {
        return ownerNames == null || ownerNames.isEmpty() || ownerNames.equals(":") ? Optional.empty() : Optional.of(ownerNames);
    }
}
