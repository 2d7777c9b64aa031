package dev.flowsmith.media;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;

import dev.flowsmith.media.color.DisplayOptions;

import java.nio.file.Path;

/**
 * Decoded frames of a file's main video stream, in presentation order, as planar float RGB with the
 * display rotation applied. Memory is one frame (plus the decoder's own buffers) whatever the
 * video's length; the returned {@link VideoFrame} is reused by the next {@link #read()}.
 * <p>
 * {@link #seek(long)} is exact: it seeks to the keyframe before the wanted frame's timestamp (taken
 * from a packet index built once, without decoding) and decodes forward to it.
 */
public final class VideoReader implements AutoCloseable {
    private final Path path;
    private MediaInput in;
    private StreamDecoder decoder;
    private final VideoStreamInfo info;
    private final AVFrame nativeFrame = avutil.av_frame_alloc();
    private final PlanarFloatConverter converter;
    private final VideoFrame frame = new VideoFrame();
    private float[] unrotated = new float[0];
    private PacketIndex index;
    private long nextIndex;
    private boolean pendingFrame;
    private DisplayConverter preview;

    private VideoReader(Path path) {
        this.path = path;
        in = MediaInput.open(path);
        try {
            int stream = in.requireVideoStream();
            decoder = new StreamDecoder(in, stream, 0);
            info = MediaProbe.probe(path).videoStreams().stream().filter(v -> v.index() == stream).findFirst()
                    .orElseThrow();
            converter = new PlanarFloatConverter(0);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public static VideoReader open(Path path) {
        return new VideoReader(path);
    }

    /** The stream being read, as {@link MediaProbe#probe(Path)} describes it. */
    public VideoStreamInfo info() {
        return info;
    }

    /**
     * After {@link #read()} returned null: throws {@link CorruptMediaException} when the file turned out
     * damaged or cut short (see {@link DamageCheck}), so a job never takes a shortened decode for the whole.
     */
    public void verifyComplete() {
        double containerSeconds = in.context().duration() == avutil.AV_NOPTS_VALUE ? Double.NaN
                : in.context().duration() / (double) avutil.AV_TIME_BASE;
        DamageCheck.afterDecoding(path, containerSeconds, info, nextIndex, decoder);
    }

    /** Output width after rotation. */
    public int width() {
        return info.displayWidth();
    }

    public int height() {
        return info.displayHeight();
    }

    /** Index the next {@link #read()} returns. */
    public long position() {
        return nextIndex;
    }

    /** The next frame, or null at the end. The frame object is reused. */
    public VideoFrame read() {
        return read(frame) ? frame : null;
    }

    /** Decodes the next frame into {@code into} (for callers that pool frames). False at the end. */
    public boolean read(VideoFrame into) {
        if (!advance()) {
            return false;
        }
        deliver(into);
        return true;
    }

    /**
     * Decodes the next frame for display: BGRA scaled to fit {@code maxWidth x maxHeight} (aspect kept,
     * never enlarged) and turned upright. Cheaper than {@link #read()} (no float conversion).
     */
    public boolean readPreview(PreviewImage into, int maxWidth, int maxHeight) {
        return readPreview(into, maxWidth, maxHeight, DisplayOptions.DEFAULT);
    }

    /**
     * Same, with the given display conversion (tone curve, SDR white, raw signal); the picture's
     * {@link PreviewImage#colorNote()} says what was done.
     */
    public boolean readPreview(PreviewImage into, int maxWidth, int maxHeight, DisplayOptions display) {
        if (!advance()) {
            return false;
        }
        Orientation o = info.rotation();
        int dw = o.swapsSize() ? nativeFrame.height() : nativeFrame.width();
        int dh = o.swapsSize() ? nativeFrame.width() : nativeFrame.height();
        double scale = Math.min(1.0, Math.min((double) maxWidth / dw, (double) maxHeight / dh));
        int tw = Math.max(2, (int) Math.round(dw * scale)), th = Math.max(2, (int) Math.round(dh * scale));
        int sw = o.swapsSize() ? th : tw, sh = o.swapsSize() ? tw : th; // size before turning upright
        if (preview == null) {
            preview = new DisplayConverter(org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR);
        }
        into.resize(tw, th);
        preview.convert(nativeFrame, sw, sh, o, display, into.bgra());
        into.setColorNote(preview.transform().describe() + " · " + preview.transform().signal().describe());
        long pts = nativeFrame.best_effort_timestamp();
        into.setPosition(nextIndex++, pts == avutil.AV_NOPTS_VALUE ? 0
                : Math.round(pts * 1e6 * info.timeBase().num() / info.timeBase().den()));
        return true;
    }

    /** Moves to the next decoded native frame (or the one a seek stopped on). */
    private boolean advance() {
        if (pendingFrame) {
            pendingFrame = false;
            return true;
        }
        return decoder.next(nativeFrame);
    }

    private void deliver(VideoFrame into) {
        int w = nativeFrame.width(), h = nativeFrame.height();
        Orientation o = info.rotation();
        long pts = nativeFrame.best_effort_timestamp();
        if (o == Orientation.NONE) {
            into.resize(w, h);
            converter.toFloat(nativeFrame, into.data());
        } else {
            if (unrotated.length != 3 * w * h) {
                unrotated = new float[3 * w * h];
            }
            converter.toFloat(nativeFrame, unrotated);
            into.resize(o.swapsSize() ? h : w, o.swapsSize() ? w : h);
            o.apply(unrotated, w, h, 3, into.data());
        }
        into.setPosition(nextIndex++, pts == avutil.AV_NOPTS_VALUE ? 0 : pts, info.timeBase());
    }

    /**
     * Positions the reader so that the next {@link #read()} returns frame {@code frameIndex}
     * (0-based, presentation order). Throws {@link IndexOutOfBoundsException} past the last frame.
     */
    public void seek(long frameIndex) {
        if (frameIndex < 0) {
            throw new IndexOutOfBoundsException("frame " + frameIndex);
        }
        if (index == null) {
            try (MediaInput scan = MediaInput.open(path)) {
                index = PacketIndex.scan(scan, decoder.streamIndex());
            }
        }
        if (frameIndex >= index.frameCount()) {
            throw new IndexOutOfBoundsException("frame " + frameIndex + " of " + index.frameCount());
        }
        if (index.complete() && seekByTimestamp(frameIndex)) {
            return;
        }
        seekByDecoding(frameIndex);
    }

    private boolean seekByTimestamp(long frameIndex) {
        long target = index.ptsOf((int) frameIndex);
        in.seekBackward(decoder.streamIndex(), target);
        decoder.flush();
        while (decoder.next(nativeFrame)) {
            long pts = nativeFrame.best_effort_timestamp();
            if (pts == target) {
                nextIndex = frameIndex;
                pendingFrame = true;
                return true;
            }
            if (pts > target) {
                return false;
            }
        }
        return false;
    }

    /** Slow but always right: decode from the start and count. */
    private void seekByDecoding(long frameIndex) {
        reopen();
        for (long i = 0; i < frameIndex; i++) {
            if (!decoder.next(nativeFrame)) {
                throw new IndexOutOfBoundsException("frame " + frameIndex + " of " + i);
            }
        }
        nextIndex = frameIndex;
        pendingFrame = false;
    }

    private void reopen() {
        decoder.close();
        in.close();
        in = MediaInput.open(path);
        decoder = new StreamDecoder(in, in.requireVideoStream(), 0);
    }

    @Override
    public void close() {
        if (decoder != null) {
            decoder.close();
        }
        if (in != null) {
            in.close();
        }
        avutil.av_frame_free(nativeFrame);
        if (converter != null) {
            converter.close();
        }
        if (preview != null) {
            preview.close();
        }
    }
}
