package dev.flowsmith.restoration.job;

import dev.flowsmith.media.DiskFullException;
import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.VideoCodec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Pre-flight: estimates how much disk a restore needs (segments, the joined video and the final
 * file: about three times the output) from bits per pixel typical of the codec and quality, and
 * refuses, with the numbers, when the target's disk cannot hold it.
 */
public final class DiskSpaceCheck {
    private DiskSpaceCheck() {
    }

    /** Estimated output bytes for frames of w x h. */
    public static long estimateBytes(EncoderSettings s, int w, int h, long frames) {
        double bpp;
        if (s.codec() == VideoCodec.FFV1) {
            bpp = 12;
        } else if (s.codec() == VideoCodec.PRORES) {
            bpp = 3.5;
        } else {
            // x264 at CRF 18 is about 0.25 bit per pixel on detailed video; every 6 CRF halves it
            bpp = 0.25 * Math.pow(2, (18 - s.crf()) / 6.0) * (s.codec() == VideoCodec.H264 ? 1.0 : 0.7);
        }
        return (long) (bpp / 8 * w * h * Math.max(1, frames)) + (1 << 20);
    }

    public static void check(Path targetDir, long outputBytes) {
        long needed = 3 * outputBytes;
        long usable;
        try {
            usable = Files.getFileStore(targetDir).getUsableSpace();
        } catch (IOException e) {
            return; // cannot tell: the write itself will report a full disk
        }
        if (usable < needed) {
            throw new DiskFullException(String.format(Locale.ROOT,
                    "Not enough disk space in '%s': the job needs about %s (%s output, plus segments while it runs), "
                            + "%s are free.", targetDir, size(needed), size(outputBytes), size(usable)),
                    "usable " + usable + " bytes, needed " + needed);
        }
    }

    /** "1.4 GB", "320 MB", "12 KB": a small job's need never reads "0.0 GB". */
    static String size(double bytes) {
        if (bytes >= 1e9) {
            return String.format(java.util.Locale.ROOT, "%.1f GB", bytes / 1e9);
        }
        if (bytes >= 1e6) {
            return String.format(java.util.Locale.ROOT, "%.0f MB", bytes / 1e6);
        }
        return String.format(java.util.Locale.ROOT, "%.0f KB", Math.max(1, bytes / 1e3));
    }
}
