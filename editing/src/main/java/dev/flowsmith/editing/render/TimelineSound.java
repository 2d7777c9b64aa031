package dev.flowsmith.editing.render;

import dev.flowsmith.editing.model.Clip;
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
 * The timeline's sound, sample by sample from any starting sample: every audio track's clips, each
 * read from its source at the right sample (so sound and picture of a clip stay together across cuts),
 * summed and clipped to [-1, 1], silence where nothing plays. Clip boundaries are placed at the exact
 * sample of their frame; readers are opened when a clip starts and closed when it ends, so memory
 * does not depend on the number of clips. The export ({@link AudioMixdown}) and the studio's playback
 * read the same mix, so what is heard is what is exported.
 */
public final class TimelineSound implements SoundSource {
    private final Project p;
    private final int rate;
    private final long total;
    private final List<Clip> clips = new ArrayList<>();
    private final Map<Long, AudioReader> open = new HashMap<>();
    private final List<Clip> active = new ArrayList<>();
    private float[] tmp = new float[0];
    private int next;
    private long position;

    /** The mix of {@code p} from sample {@code startSample} (project rate) to the end of the picture. */
    public TimelineSound(Project p, long startSample) {
        this.p = p;
        this.rate = p.settings().sampleRate();
        this.total = sampleAt(p, p.duration());
        for (Track t : p.tracks()) {
            if (t.kind() == TrackKind.AUDIO) {
                clips.addAll(t.clips());
            }
        }
        clips.sort(Comparator.comparingLong(Clip::start));
        position = Math.max(0, Math.min(startSample, total));
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
        if (tmp.length < n * AudioReader.CHANNELS) {
            tmp = new float[n * AudioReader.CHANNELS];
        }
        java.util.Arrays.fill(mix, 0, n * AudioReader.CHANNELS, 0f);
        while (next < clips.size() && sampleAt(p, clips.get(next).start()) < s + n) {
            active.add(clips.get(next++));
        }
        for (var it = active.iterator(); it.hasNext(); ) {
            Clip c = it.next();
            long cs = sampleAt(p, c.start()), ce = sampleAt(p, c.end());
            if (ce <= s) {
                closeReader(c);
                it.remove();
                continue;
            }
            long from = Math.max(s, cs), to = Math.min(s + n, ce);
            if (from >= to) {
                continue;
            }
            AudioReader r = open.computeIfAbsent(c.id(), id -> {
                AudioReader ar = AudioReader.open(p.mediaRef(c.mediaId()).path(), rate);
                ar.seek(Math.round(c.sourceIn() * (double) rate / 1e6) + (from - cs));
                return ar;
            });
            int got = r.read(tmp, (int) (to - from));
            int off = (int) (from - s) * AudioReader.CHANNELS;
            for (int i = 0; i < got * AudioReader.CHANNELS; i++) {
                mix[off + i] += tmp[i];
            }
        }
        for (int i = 0; i < n * AudioReader.CHANNELS; i++) {
            mix[i] = Math.max(-1f, Math.min(1f, mix[i]));
        }
        position += n;
        return n;
    }

    private void closeReader(Clip c) {
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
