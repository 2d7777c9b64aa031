package dev.flowsmith.media;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Re-encodes a file's main video stream and copies its audio and subtitle streams, its tags, its
 * rotation and its colour description without touching them. Decoding runs on its own thread and
 * hands native frames through a fixed pool (no per-frame allocation; pixels stay in FFmpeg's
 * formats, since a plain transcode needs no float RGB). Output goes through {@link AtomicOutput}:
 * on failure or cancel the target does not appear.
 */
public final class Transcoder {
    private static final int POOL = 8;
    private static final Object END = new Object();
    /** Container tags that describe the old file rather than the content. */
    private static final Set<String> DROPPED_TAGS = Set.of("encoder", "major_brand", "minor_version", "compatible_brands");

    /** What to transcode. */
    public record Request(Path input, Path output, EncoderSettings settings, boolean overwrite) {
    }

    /** What came out: frames written and which source streams were copied or left out (with why). */
    public record Result(Path output, long frames, List<String> copiedStreams, List<String> droppedStreams) {
    }

    private Transcoder() {
    }

    public static Result run(Request req, ProgressListener progress, CancellationToken cancel) {
        MediaInfo info = MediaProbe.probe(req.input());
        VideoStreamInfo vinfo = info.requireVideo();
        try (AtomicOutput atomic = AtomicOutput.create(req.output(), req.overwrite(), List.of(req.input()));
             MediaInput in = MediaInput.open(req.input());
             MediaOutput out = new MediaOutput(atomic);
             StreamDecoder decoder = new StreamDecoder(in, vinfo.index(), 0);
             VideoEncoder encoder = new VideoEncoder(req.settings(), vinfo.codedWidth(), vinfo.codedHeight(),
                     vinfo.timeBase(), vinfo.avgFrameRate().isKnown() ? vinfo.avgFrameRate() : vinfo.realFrameRate(),
                     vinfo.color(), out.wantsGlobalHeader(), req.output())) {
            AVCodec codec = avcodec.avcodec_find_encoder_by_name(req.settings().codec().encoderName());
            if (!out.accepts(codec.id())) {
                throw new UnsupportedMediaException("The '" + extension(req.output()) + "' container cannot hold "
                        + req.settings().codec() + " video; try .mkv or .mov.", "avformat_query_codec");
            }
            AVStream vst = out.addEncodedStream(encoder.context());
            StreamSideData.copy(in.codecpar(vinfo.index()), vst.codecpar(), true);
            MediaOutput.tagStream(vst, withoutEncoderTags(MediaProbe.metadata(in.stream(vinfo.index()).metadata())));
            out.setMetadata(withoutEncoderTags(info.metadata()));

            CopiedStreams copies = CopiedStreams.add(in, out, vinfo.index());
            out.writeHeader();

            long frames = pump(in, out, decoder, encoder, copies.outIndex, vinfo.frameCountExact() ? vinfo.frameCount() : 0,
                    progress, cancel);
            DamageCheck.afterDecoding(req.input(), info.durationSeconds(), vinfo, frames, decoder);
            out.finish();
            atomic.commit();
            return new Result(atomic.target(), frames, copies.copied, copies.dropped);
        }
    }

    /** Decode thread -> bounded queue -> encode and mux on this thread. Returns frames encoded. */
    private static long pump(MediaInput in, MediaOutput out, StreamDecoder decoder, VideoEncoder encoder,
                             int[] outIndex, long total, ProgressListener progress, CancellationToken cancel) {
        BlockingQueue<AVFrame> free = new ArrayBlockingQueue<>(POOL);
        BlockingQueue<Object> work = new ArrayBlockingQueue<>(4 * POOL);
        for (int i = 0; i < POOL; i++) {
            free.add(avutil.av_frame_alloc());
        }
        AVRational[] inTimeBase = new AVRational[in.streamCount()];
        for (int i = 0; i < inTimeBase.length; i++) {
            inTimeBase[i] = in.stream(i).time_base();
        }
        decoder.onOtherPacket(pkt -> {
            int o = outIndex[pkt.stream_index()];
            if (o >= 0) {
                putUninterruptibly(work, avcodec.av_packet_clone(pkt));
            }
        });
        Throwable[] decodeFailure = new Throwable[1];
        Thread decodeThread = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    AVFrame f = free.take();
                    if (!decoder.next(f)) {
                        free.add(f);
                        break;
                    }
                    work.put(f);
                }
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                decodeFailure[0] = t;
            }
            putUninterruptibly(work, END);
        }, "flowsmith-decode");
        decodeThread.setDaemon(true);
        decodeThread.start();

        AVFrame converted = null;
        SwsContext sws = null;
        long frames = 0;
        try {
            AVRational encTb = encoder.context().time_base();
            while (true) {
                Object item = work.take();
                if (item == END) {
                    break;
                }
                if (item instanceof AVPacket) {
                    AVPacket pkt = (AVPacket) item;
                    int s = pkt.stream_index();
                    out.write(pkt, inTimeBase[s], outIndex[s]);
                    avcodec.av_packet_free(pkt);
                    continue;
                }
                AVFrame f = (AVFrame) item;
                AVFrame toEncode = f;
                if (!encoder.accepts(f)) {
                    if (converted == null) {
                        converted = encoder.newFrame();
                        sws = swscale.sws_alloc_context();
                        sws.flags(swscale.SWS_BICUBIC | swscale.SWS_ACCURATE_RND);
                    }
                    avutil.av_frame_make_writable(converted);
                    int ret = PlanarFloatConverter.scaleWoven(sws, converted, f);
                    if (ret < 0) {
                        throw new UnsupportedMediaException("Flowsmith cannot convert the decoded pixel format for the encoder.",
                                FFmpegErrors.describe(ret));
                    }
                    toEncode = converted;
                }
                long pts = f.best_effort_timestamp();
                encoder.encode(toEncode, pts == avutil.AV_NOPTS_VALUE ? frames : pts, pkt -> out.write(pkt, encTb, 0));
                avutil.av_frame_unref(f);
                free.add(f);
                frames++;
                progress.onProgress(frames, total);
                cancel.check();
            }
            if (decodeFailure[0] != null) {
                throw decodeFailure[0];
            }
            encoder.encode(null, 0, pkt -> out.write(pkt, encTb, 0));
            return frames;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaCancelledException("The job was interrupted; nothing was written.", null, e);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new MediaException("Transcoding failed.", t.toString(), t);
        } finally {
            decodeThread.interrupt();
            drain(work);
            try {
                decodeThread.join(10_000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            drain(work);
            for (AVFrame f : free) {
                avutil.av_frame_free(f);
            }
            if (converted != null) {
                avutil.av_frame_free(converted);
                swscale.sws_free_context(sws);
            }
        }
    }

    private static void drain(BlockingQueue<Object> work) {
        Object item;
        while ((item = work.poll()) != null) {
            if (item instanceof AVPacket) {
                avcodec.av_packet_free((AVPacket) item);
            } else if (item instanceof AVFrame) {
                avutil.av_frame_free((AVFrame) item);
            }
        }
    }

    private static void putUninterruptibly(BlockingQueue<Object> q, Object o) {
        boolean interrupted = false;
        while (true) {
            try {
                q.put(o);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                if (o != END) {
                    // the consumer is gone: drop the packet instead of blocking forever
                    if (o instanceof AVPacket) {
                        avcodec.av_packet_free((AVPacket) o);
                    }
                    break;
                }
                if (q.offer(o)) {
                    break;
                }
                q.poll();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static Map<String, String> withoutEncoderTags(Map<String, String> tags) {
        Map<String, String> m = new java.util.LinkedHashMap<>(tags);
        m.keySet().removeAll(DROPPED_TAGS);
        return m;
    }

    private static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? n : n.substring(dot);
    }
}
