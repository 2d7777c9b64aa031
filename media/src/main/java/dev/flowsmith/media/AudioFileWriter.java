package dev.flowsmith.media;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.FloatPointer;

import java.nio.file.Path;
import java.util.List;

/**
 * Encodes interleaved stereo float samples to AAC (or FLAC, 16/24-bit PCM) in a new file (.m4a/.mp4/.mkv/.mka), written to a temp
 * file and moved into place by {@link #finish()}. Samples are buffered into the encoder's frame size,
 * so callers write any number at a time; the timestamps are sample counts, so the sound is exactly
 * as long as what was written (the encoder's priming is recorded for players to skip).
 */
public final class AudioFileWriter implements AutoCloseable {
    private final AtomicOutput atomic;
    private final MediaOutput out;
    private final AVCodecContext enc;
    private final AVFrame frame;
    private final AVPacket pkt = MediaInput.newPacket();
    private final int frameSize;
    private final float[] buffer;
    private final float[] left, right; // one frame's planes, reused
    private int buffered;
    private long samples;

    private final AudioCodec kind;

    private AudioFileWriter(Path target, AudioCodec kind, int sampleRate, int bitRate, boolean overwrite, List<Path> inputs) {
        this.kind = kind;
        atomic = AtomicOutput.create(target, overwrite, inputs);
        out = new MediaOutput(atomic);
        AVCodec codec = avcodec.avcodec_find_encoder(kind.codecId());
        enc = avcodec.avcodec_alloc_context3(codec);
        enc.sample_fmt(kind.sampleFormat()).sample_rate(sampleRate);
        if (kind.usesBitRate()) {
            enc.bit_rate(bitRate);
        }
        if (kind == AudioCodec.PCM_S24) {
            enc.bits_per_raw_sample(24);
        }
        avutil.av_channel_layout_default(enc.ch_layout(), AudioReader.CHANNELS);
        enc.time_base(avutil.av_make_q(1, sampleRate));
        if (out.wantsGlobalHeader()) {
            enc.flags(enc.flags() | avcodec.AV_CODEC_FLAG_GLOBAL_HEADER);
        }
        int ret = avcodec.avcodec_open2(enc, codec, (AVDictionary) null);
        if (ret < 0) {
            close();
            throw FFmpegErrors.writing(target, ret, "opening the " + kind.label() + " encoder");
        }
        frameSize = enc.frame_size() > 0 ? enc.frame_size() : 1024;
        buffer = new float[frameSize * AudioReader.CHANNELS];
        left = new float[frameSize];
        right = new float[frameSize];
        frame = avutil.av_frame_alloc();
        frame.format(enc.sample_fmt()).nb_samples(frameSize).sample_rate(sampleRate);
        avutil.av_channel_layout_copy(frame.ch_layout(), enc.ch_layout());
        ret = avutil.av_frame_get_buffer(frame, 0);
        if (ret < 0) {
            close();
            throw new OutOfMemoryError("audio frame: " + FFmpegErrors.describe(ret));
        }
        out.addEncodedStream(enc);
        out.writeHeader();
    }

    public static AudioFileWriter open(Path target, int sampleRate, int bitRate, boolean overwrite, List<Path> inputs) {
        return new AudioFileWriter(target, AudioCodec.AAC, sampleRate, bitRate, overwrite, inputs);
    }

    /** With another encoder ({@code bitRate} is used by AAC only). */
    public static AudioFileWriter open(Path target, AudioCodec codec, int sampleRate, int bitRate, boolean overwrite,
                                       List<Path> inputs) {
        return new AudioFileWriter(target, codec, sampleRate, bitRate, overwrite, inputs);
    }

    /** Appends {@code frames} stereo samples from {@code interleaved}. */
    public void write(float[] interleaved, int frames) {
        int done = 0;
        while (done < frames) {
            int n = Math.min(frames - done, frameSize - buffered);
            System.arraycopy(interleaved, done * AudioReader.CHANNELS, buffer, buffered * AudioReader.CHANNELS,
                    n * AudioReader.CHANNELS);
            buffered += n;
            done += n;
            if (buffered == frameSize) {
                encodeBuffer();
            }
        }
    }

    public long samplesWritten() {
        return samples + buffered;
    }

    private void encodeBuffer() {
        avutil.av_frame_make_writable(frame);
        frame.nb_samples(buffered);
        if (kind == AudioCodec.AAC) {
            for (int i = 0; i < buffered; i++) {
                left[i] = buffer[2 * i];
                right[i] = buffer[2 * i + 1];
            }
            new FloatPointer(frame.data(0)).put(left, 0, buffered);
            new FloatPointer(frame.data(1)).put(right, 0, buffered);
        } else if (kind == AudioCodec.PCM_S24) {
            // 24 significant bits in the top of 32-bit samples, interleaved
            int[] packed = new int[buffered * 2];
            for (int i = 0; i < packed.length; i++) {
                packed[i] = (int) Math.max(-8_388_608, Math.min(8_388_607, Math.round(buffer[i] * 8_388_608.0))) << 8;
            }
            new org.bytedeco.javacpp.IntPointer(frame.data(0)).put(packed, 0, packed.length);
        } else {
            // 16-bit interleaved, rounded as FFmpeg's own float to s16 conversion does
            short[] packed = new short[buffered * 2];
            for (int i = 0; i < packed.length; i++) {
                packed[i] = (short) Math.max(-32768, Math.min(32767, Math.round(buffer[i] * 32768f)));
            }
            new org.bytedeco.javacpp.ShortPointer(frame.data(0)).put(packed, 0, packed.length);
        }
        frame.pts(samples);
        samples += buffered;
        buffered = 0;
        send(frame);
    }

    private void send(AVFrame f) {
        int ret = avcodec.avcodec_send_frame(enc, f);
        if (ret < 0 && ret != avutil.AVERROR_EOF) {
            throw FFmpegErrors.writing(atomic.target(), ret, "encoding audio");
        }
        while (true) {
            ret = avcodec.avcodec_receive_packet(enc, pkt);
            if (ret == avutil.AVERROR_EOF || FFmpegErrors.isAgain(ret)) {
                return;
            }
            if (ret < 0) {
                throw FFmpegErrors.writing(atomic.target(), ret, "encoding audio");
            }
            out.write(pkt, enc.time_base(), 0);
            avcodec.av_packet_unref(pkt);
        }
    }

    /** Encodes what is buffered, finishes the file and moves it into place. */
    public Path finish() {
        if (buffered > 0) {
            encodeBuffer();
        }
        send(null);
        out.finish();
        atomic.commit();
        return atomic.target();
    }

    @Override
    public void close() {
        avcodec.av_packet_free(pkt);
        if (frame != null) {
            avutil.av_frame_free(frame);
        }
        if (enc != null) {
            avcodec.avcodec_free_context(enc);
        }
        out.close();
        atomic.close();
    }
}
