package dev.flowsmith.media;

import org.bytedeco.ffmpeg.global.avutil;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Turns FFmpeg's negative return codes into our {@link MediaException} family.
 * The POSIX numbers are Linux's; on other systems an unknown code still becomes a
 * {@link MediaException} with FFmpeg's own description.
 */
final class FFmpegErrors {
    static final int EPERM = 1, ENOENT = 2, EIO = 5, EAGAIN = 11, EACCES = 13, ENOSPC = 28, EROFS = 30, EDQUOT = 122;

    private FFmpegErrors() {
    }

    static String describe(int code) {
        byte[] buf = new byte[256];
        avutil.av_strerror(code, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8) + " [" + code + "]";
    }

    static boolean isAgain(int code) {
        return code == -EAGAIN;
    }

    /** Maps an error met while reading {@code file}. */
    static MediaException reading(Path file, int code, String during) {
        String detail = during + ": " + describe(code);
        String name = file.getFileName().toString();
        if (code == -ENOENT) {
            return new MediaException("'" + name + "' does not exist.", detail);
        }
        if (code == -EACCES || code == -EPERM) {
            return new PermissionDeniedException("Flowsmith is not allowed to read '" + name + "'.", detail);
        }
        if (code == avutil.AVERROR_DECODER_NOT_FOUND || code == avutil.AVERROR_DEMUXER_NOT_FOUND
                || code == avutil.AVERROR_PATCHWELCOME) {
            return new UnsupportedMediaException("'" + name + "' uses a format or codec this build of FFmpeg cannot decode.", detail);
        }
        return new CorruptMediaException("'" + name + "' is damaged, truncated or not a video file FFmpeg recognises.", detail);
    }

    /** Maps an error met while writing {@code file}. */
    static MediaException writing(Path file, int code, String during) {
        String detail = during + ": " + describe(code);
        String name = file.getFileName().toString();
        if (code == -ENOSPC || code == -EDQUOT) {
            return new DiskFullException("The disk holding '" + name + "' is full.", detail);
        }
        if (code == -EROFS) {
            return new PermissionDeniedException("The file system holding '" + name + "' is read-only: write the output "
                    + "to another folder.", detail);
        }
        if (code == -EACCES || code == -EPERM) {
            return new PermissionDeniedException("Flowsmith is not allowed to write '" + name + "'.", detail);
        }
        if (code == avutil.AVERROR_ENCODER_NOT_FOUND || code == avutil.AVERROR_MUXER_NOT_FOUND
                || code == avutil.AVERROR_PATCHWELCOME || code == -22 /* EINVAL: option or format not accepted */) {
            return new UnsupportedMediaException("The encoder or container cannot produce '" + name + "' with these settings.", detail);
        }
        return new MediaException("Writing '" + name + "' failed.", detail);
    }
}
