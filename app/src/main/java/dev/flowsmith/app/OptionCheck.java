package dev.flowsmith.app;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Checks option values before any work starts, so an absurd value is refused at once with the valid range instead
 * of running for minutes, overflowing, or being replaced by a default. NaN and infinities are never in range.
 */
final class OptionCheck {
    private OptionCheck() {
    }

    static double range(String option, double value, double min, double max) {
        if (!(value >= min && value <= max)) { // also false for NaN
            throw new UsageException(option + " must be a number from " + fmt(min) + " to " + fmt(max) + " (got " + fmt(value) + ").");
        }
        return value;
    }

    /** {@code min < value <= max}: for lengths and durations that cannot be zero. */
    static double positive(String option, double value, double max) {
        if (!(value > 0 && value <= max)) {
            throw new UsageException(option + " must be more than 0 and at most " + fmt(max) + " (got " + fmt(value) + ").");
        }
        return value;
    }

    static long range(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new UsageException(option + " must be a whole number from " + min + " to " + max + " (got " + value + ").");
        }
        return value;
    }

    /** One of {@code allowed} (case-insensitive), returned in lower case. */
    static String choice(String option, String value, List<String> allowed) {
        String v = value.toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw new UsageException(option + " '" + value + "' is not known: use " + String.join(", ", allowed) + ".");
        }
        return v;
    }

    /** A number written by the user inside a larger value ({@code --motion 9@45}, {@code clip.mp4@1.5-3}). */
    static double number(String what, String text, String example) {
        try {
            double d = Double.parseDouble(text.trim());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // the sentence below says what was expected
        }
        throw new UsageException(what + " '" + text + "' is not a number: write it like " + example + ".");
    }

    /** Runs an engine parser whose IllegalArgumentException is a sentence about the user's value. */
    static <T> T parsed(Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            String m = e.getMessage() == null ? "a value is not valid" : e.getMessage();
            throw new UsageException(Character.toUpperCase(m.charAt(0)) + m.substring(1) + (m.endsWith(".") ? "" : "."));
        }
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%s", v);
    }
}
