package dev.ociconv.converter.ocilayout;

import dev.ociconv.model.spec.Annotations;
import dev.ociconv.model.spec.Descriptor;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Names of images in an OCI layout's {@code index.json}.
 *
 * <p>The grammar of {@code org.opencontainers.image.ref.name} is image-spec's
 * (<a href="https://github.com/opencontainers/image-spec/blob/v1.1.0/annotations.md#pre-defined-annotation-keys">annotations.md</a>):
 * <pre>
 *   ref       ::= component ("/" component)*
 *   component ::= alphanum (separator alphanum)*
 *   alphanum  ::= [A-Za-z0-9]+
 *   separator ::= [-._:@+] | "--"
 * </pre>
 * It is wider than Docker's reference grammar: {@code UPPERCASE-IS-INVALID} is a valid ref.name
 * but no valid Docker name; judging a name for a particular target is the copier's job.
 */
public final class RefNames {
    private static final String COMPONENT = "[A-Za-z0-9]+(?:(?:[-._:@+]|--)[A-Za-z0-9]+)*";
    private static final Pattern REF = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");

    private RefNames() {
    }

    /** True when {@code name} matches image-spec's ref.name grammar. */
    public static boolean isValidRefName(String name) {
        return name != null && REF.matcher(name).matches();
    }

    /**
     * The name an index.json entry gives its image: containerd's (and Docker 25's) full
     * {@code io.containerd.image.name} when present, since it says more than a bare tag; else
     * {@code org.opencontainers.image.ref.name}; else none. Names are returned as written, valid
     * or not.
     */
    public static List<String> namesOf(Descriptor entry) {
        String full = entry.annotation(Annotations.CONTAINERD_IMAGE_NAME);
        if (full != null && !full.isEmpty()) {
            return List.of(full);
        }
        String ref = entry.annotation(Annotations.REF_NAME);
        if (ref != null && !ref.isEmpty()) {
            return List.of(ref);
        }
        return List.of();
    }
}
