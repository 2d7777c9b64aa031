package dev.flowsmith.ui.common;

import java.util.Locale;

/** Time codes and clock strings for the viewer and the bin. */
public final class Timecode {
    private Timecode() {
    }

    /** HH:MM:SS:FF for a frame index at a frame rate (FF counts frames within the second). */
    public static String of(long frame, double fps) {
        if (!(fps > 0)) {
            return "--:--:--:--";
        }
        long rate = Math.max(1, Math.round(fps));
        long secs = (long) Math.floor(frame / fps);
        long ff = frame - Math.round(secs * fps);
        ff = Math.max(0, Math.min(rate - 1, ff));
        return String.format(Locale.ROOT, "%02d:%02d:%02d:%02d", secs / 3600, secs / 60 % 60, secs % 60, ff);
    }

    /** M:SS.s for a duration in seconds. */
    public static String clock(double seconds) {
        if (Double.isNaN(seconds)) {
            return "?:??";
        }
        long tenths = Math.round(seconds * 10);
        long s = tenths / 10;
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d.%d", s / 60, s % 60, tenths % 10);
    }
}
