package dev.flowsmith.editing.render;

import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.MediaRef;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.model.Track;
import dev.flowsmith.editing.model.TrackKind;
import dev.flowsmith.media.AudioReader;
import dev.flowsmith.media.SoundSource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The timeline's sound, sample by sample from any starting sample: every audible audio track's clips
 * (tracks not muted; only soloed ones when any is soloed; clips at 1x forwards, the others are muted),
 * each read from its source at the right sample (so sound and picture of a clip stay together across
 * cuts), times its gain and fade envelope, summed and clipped to [-1, 1], silence where nothing plays.
 * Clip boundaries are placed at the exact sample of their frame. Gain law: linear amplitude
 * 10^(dB/20), times the volume keyframes' level (dB moving linearly between them, per sample); fades: linear amplitude i/N over the fade's N samples in, (N-i)/N out (FFmpeg's afade
 * "tri"); a crossfade is the clip before fading out over the transition while it plays on from its
 * source and this clip fading in. Readers are opened when a part starts and closed when it ends, so
 * memory does not depend on the number of clips. The export ({@link AudioMixdown}) and the studio's
 * playback read the same mix, so what is heard is what is exported.
 */
public final class TimelineSound implements SoundSource {
    /** A stretch of one source in the mix: samples [from, to), read from source sample {@code read}. */
    private record Part(long id, MediaRef media, long from, long to, long read, float gain, Envelope env,
                        java.util.List<dev.flowsmith.editing.model.VolumePoint> volume, double samplesPerFrame) {
        /** Gain times the volume keyframes' level at mix sample {@code s}. */
        float gainAt(long s) {
            if (volume.isEmpty()) {
                return gain;
            }
            double db = dev.flowsmith.editing.model.VolumePoint.dbAt(volume, (s - from) / samplesPerFrame);
            return (float) (gain * Math.pow(10, db / 20));
        }
    }

    /** Ramps of a part in mix samples: up over [inFrom, inTo), down over [outFrom, outTo). */
    private record Envelope(long inFrom, long inTo, long outFrom, long outTo, long in2From, long in2To) {
        float at(long s) {
            double g = 1;
            if (s < inTo && inTo > inFrom) {
                g *= (double) (s - inFrom) / (inTo - inFrom);
            }
            if (s < in2To && in2To > in2From) {
                g *= (double) (s - in2From) / (in2To - in2From);
            }
            if (s >= outFrom && outTo > outFrom) {
                g *= (double) (outTo - s) / (outTo - outFrom);
            }
            return (float) g;
        }

        boolean flat(long from, long to) {
            return (to <= inFrom || from >= inTo) && (to <= in2From || from >= in2To) && (to <= outFrom || from >= outTo);
        }
    }

    private final Project p;
    private final int rate;
    private final long total;
    private final List<Part> parts = new ArrayList<>();
    private final Map<Long, AudioReader> open = new HashMap<>();
    private final List<Part> active = new ArrayList<>();
    private float[] tmp = new float[0];
    private int next;
    private long position;

    /** The mix of {@code p} from sample {@code startSample} (project rate) to the end of the picture. */
    public TimelineSound(Project p, long startSample) {
        this.p = p;
        this.rate = p.settings().sampleRate();
        this.total = sampleAt(p, p.duration());
        boolean solo = p.tracks().stream().anyMatch(t -> t.kind() == TrackKind.AUDIO && t.solo());
        for (Track t : p.tracks()) {
            if (t.kind() != TrackKind.AUDIO || t.muted() || (solo && !t.solo())) {
                continue;
            }
            List<Clip> cs = t.clips();
            for (int i = 0; i < cs.size(); i++) {
                Clip c = cs.get(i);
                if (c.isTitle() || !c.style().soundPlays() || !p.mediaRef(c.mediaId()).hasAudio()) {
                    continue;
                }
                parts.add(part(t, c, i + 1 < cs.size() ? cs.get(i + 1) : null));
            }
        }
        parts.sort(Comparator.comparingLong(Part::from));
        position = Math.max(0, Math.min(startSample, total));
    }

    /** {@code following}: the next clip on the track (clips are sorted), or null. */
    private Part part(Track t, Clip c, Clip following) {
        long cs = sampleAt(p, c.start()), ce = sampleAt(p, c.end());
        long end = ce;
        long outFrom = sampleAt(p, c.end() - c.style().fadeOut()), outTo = ce;
        // the next clip crossfades from this one: play on into it and fade out over the transition
        if (following != null && following.start() == c.end() && following.style().transitionIn() > 0
                && following.style().soundPlays()) {
            end = sampleAt(p, c.end() + following.style().transitionIn());
            if (c.style().fadeOut() == 0) {
                outFrom = ce;
            }
            outTo = end;
        }
        long inFrom = cs, inTo = sampleAt(p, c.start() + c.style().fadeIn());
        long trTo = cs;
        if (c.style().transitionIn() > 0 && t.adjacentBefore(c).isPresent()) {
            trTo = sampleAt(p, c.start() + c.style().transitionIn());
        }
        long read = Math.round(c.sourceIn() * (double) rate / 1e6);
        return new Part(c.id(), p.mediaRef(c.mediaId()), cs, end, read, (float) c.style().gain(),
                new Envelope(inFrom, inTo, outFrom, outTo, cs, trTo), c.style().volume(),
                (double) rate * p.rate().den() / p.rate().num());
    }

    /** Sample index at which timeline frame {@code frame} starts. */
    public static long sampleAt(Project p, long frame) {
        return Math.floorDiv(frame * p.settings().sampleRate() * (long) p.rate().den(), p.rate().num());
    }

    /** Samples in the whole mix (as long as the picture). */
    public long length() {
        return total;
    }

    @Override
    public int sampleRate() {
        return rate;
    }

    @Override
    public int read(float[] mix, int frames) {
        long s = position;
        int n = (int) Math.min(frames, total - s);
        if (n <= 0) {
            return 0;
        }
        int ch = AudioReader.CHANNELS;
        if (tmp.length < n * ch) {
            tmp = new float[n * ch];
        }
        java.util.Arrays.fill(mix, 0, n * ch, 0f);
        while (next < parts.size() && parts.get(next).from() < s + n) {
            active.add(parts.get(next++));
        }
        for (var it = active.iterator(); it.hasNext(); ) {
            Part c = it.next();
            if (c.to() <= s) {
                closeReader(c);
                it.remove();
                continue;
            }
            long from = Math.max(s, c.from()), to = Math.min(s + n, c.to());
            if (from >= to) {
                continue;
            }
            AudioReader r = open.computeIfAbsent(c.id(), id -> {
                AudioReader ar = AudioReader.open(c.media().path(), rate);
                ar.seek(c.read() + (from - c.from()));
                return ar;
            });
            int got = r.read(tmp, (int) (to - from));
            int off = (int) (from - s) * ch;
            if (c.env().flat(from, from + got) && c.volume().isEmpty()) {
                float g = c.gain();
                for (int i = 0; i < got * ch; i++) {
                    mix[off + i] += tmp[i] * g;
                }
            } else {
                for (int i = 0; i < got; i++) {
                    float g = c.gainAt(from + i) * c.env().at(from + i);
                    for (int k = 0; k < ch; k++) {
                        mix[off + i * ch + k] += tmp[i * ch + k] * g;
                    }
                }
            }
        }
        for (int i = 0; i < n * ch; i++) {
            mix[i] = Math.max(-1f, Math.min(1f, mix[i]));
        }
        position += n;
        return n;
    }

    private void closeReader(Part c) {
        AudioReader r = open.remove(c.id());
        if (r != null) {
            r.close();
        }
    }

    @Override
    public void close() {
        open.values().forEach(AudioReader::close);
        open.clear();
    }
}
