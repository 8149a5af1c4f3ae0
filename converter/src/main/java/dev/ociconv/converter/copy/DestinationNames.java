package dev.ociconv.converter.copy;

import dev.ociconv.model.spec.ImageName;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The names a copied image gets at its destination: the user's, else the source's. Where the
 * user's name is only a tag ({@code oci:DIR:v1}, see {@link CopyOptions#tagNames()}), it is that
 * tag of the source image's own repository, so the full name survives (a layout written from
 * {@code testuser/testimage:v1} names it {@code docker.io/testuser/testimage:v1}, as containerd
 * does) and a later {@code docker save} of the layout can still tag the image.
 */
final class DestinationNames {
    /** Docker's tag grammar: what a bare tag looks like. */
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

    private DestinationNames() {
    }

    static List<String> of(CopyOptions options, List<String> sourceNames) {
        if (options.destinationNames().isEmpty()) {
            return sourceNames;
        }
        if (!options.tagNames()) {
            return options.destinationNames();
        }
        List<String> out = new ArrayList<>();
        for (String name : options.destinationNames()) {
            out.add(withRepositoryOf(name, sourceNames));
        }
        return out;
    }

    /** {@code tag} as a tag of the first tagged source name's repository; {@code tag} itself when there is none. */
    static String withRepositoryOf(String tag, List<String> sourceNames) {
        if (!TAG.matcher(tag).matches()) {
            return tag;
        }
        for (String s : sourceNames) {
            if (!s.contains("@") && ImageName.isValid(s) && ImageName.isTagged(s)) {
                return ImageName.parse(s).withTag(tag).toString();
            }
        }
        return tag;
    }
}
