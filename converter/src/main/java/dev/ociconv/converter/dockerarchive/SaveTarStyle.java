package dev.ociconv.converter.dockerarchive;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the tar headers of a {@code docker save} archive look, which differs between Docker
 * versions and builds though the archive means the same: whether modes carry the file type bits
 * ({@code 0100644}: Docker up to 22.06, pkg/archive's fillGo18FileTypeBits, dropped by moby#44083),
 * and which user and group names the headers give (Go's tar fills them in by looking the owner
 * up: Debian's dynamically linked Docker 20.10 writes {@code root}, the static builds the samples
 * come from write none). A docker save → OCI → docker save round trip keeps the source's style
 * (in two annotations of the layout's index.json); a pull or an OCI source gets the chosen or the
 * default style.
 *
 * @param modeTypeBits file type bits in the mode field
 * @param userName     {@code uname} of every header ("" for none)
 * @param groupName    {@code gname} of every header ("" for none)
 */
public record SaveTarStyle(boolean modeTypeBits, String userName, String groupName) {
    /** Docker 23 and later (and the Docker 25+ form): no type bits, no names. The default. */
    public static final SaveTarStyle DOCKER23 = new SaveTarStyle(false, "", "");
    /** Docker 1.10 to 19.03 static builds (the samples busybox-docker19, almostempty-docker113): type bits, no names. */
    public static final SaveTarStyle DOCKER19 = new SaveTarStyle(true, "", "");
    /** Docker 20.10 as Debian builds it ({@code docker.io} 20.10.24, compared by the engine tests): type bits, {@code root}. */
    public static final SaveTarStyle DOCKER20 = new SaveTarStyle(true, "root", "root");

    /** The names {@code --save-style} takes. */
    public static final Map<String, SaveTarStyle> NAMED = Map.of("docker19", DOCKER19, "docker20", DOCKER20, "docker23", DOCKER23);

    public SaveTarStyle {
        for (String n : List.of(userName, groupName)) {
            if (n.length() > 32 || !n.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("tar owner name '" + n + "': at most 32 printable ASCII characters");
            }
        }
    }

    /** {@code docker19}, {@code docker20} or {@code docker23}. */
    public static SaveTarStyle named(String name) {
        SaveTarStyle s = NAMED.get(name.toLowerCase(Locale.ROOT));
        if (s == null) {
            throw new IllegalArgumentException("unknown save style '" + name + "' (docker19, docker20 or docker23)");
        }
        return s;
    }

    /**
     * The style the annotations of a copied image record, if any: {@link DockerArchiveSink#MODE_TYPE_BITS_ANNOTATION}
     * and {@link DockerArchiveSink#OWNER_ANNOTATION} ({@code USER:GROUP}).
     */
    static Optional<SaveTarStyle> fromAnnotations(Function<String, String> annotation) {
        String bits = annotation.apply(DockerArchiveSink.MODE_TYPE_BITS_ANNOTATION);
        String owner = annotation.apply(DockerArchiveSink.OWNER_ANNOTATION);
        if (bits == null && owner == null) {
            return Optional.empty();
        }
        String user = "";
        String group = "";
        if (owner != null) {
            int colon = owner.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(DockerArchiveSink.OWNER_ANNOTATION + " '" + owner + "': expected USER:GROUP");
            }
            user = owner.substring(0, colon);
            group = owner.substring(colon + 1);
        }
        return Optional.of(new SaveTarStyle(Boolean.parseBoolean(bits), user, group));
    }
}
