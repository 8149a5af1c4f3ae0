package dev.ociconv.converter.build;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/** The fixed time of a reproducible build: {@code --time} or, as in reproducible-builds.org, {@code SOURCE_DATE_EPOCH}. */
public final class BuildTime {
    private BuildTime() {
    }

    /** Parses RFC 3339 ({@code 2024-01-01T00:00:00Z}) or {@code @SECONDS} since the Unix epoch. */
    public static Instant parse(String text) {
        try {
            if (text.startsWith("@")) {
                return Instant.ofEpochSecond(Long.parseLong(text.substring(1)));
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("invalid time '" + text
                    + "': expected RFC 3339 (2024-01-01T00:00:00Z) or @SECONDS since 1970");
        }
    }

    /** The option's time, else {@code SOURCE_DATE_EPOCH} from {@code env}, else none (build at "now"). */
    public static Optional<Instant> choose(String option, Map<String, String> env) {
        if (option != null) {
            return Optional.of(parse(option));
        }
        String epoch = env.get("SOURCE_DATE_EPOCH");
        if (epoch != null && !epoch.isBlank()) {
            return Optional.of(parse("@" + epoch.trim()));
        }
        return Optional.empty();
    }
}
