package dev.flowsmith.media;

import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avutil;

import java.util.ArrayList;
import java.util.List;

/**
 * Which of an input's streams a new file carries over unchanged (audio and subtitles the output
 * container can hold), where each lands in the output, and, for the user, what was copied and what
 * was left out and why. Shared by the transcoder and the remuxer.
 */
final class CopiedStreams {
    /** Output stream index for each input stream, -1 when not copied. */
    final int[] outIndex;
    final List<String> copied = new ArrayList<>();
    final List<String> dropped = new ArrayList<>();

    private CopiedStreams(int n) {
        outIndex = new int[n];
    }

    /**
     * Adds copies of {@code in}'s audio and subtitle streams to {@code out} (numbered after the one
     * video stream already there); {@code replaced} is the input's video stream, which the caller replaces.
     */
    static CopiedStreams add(MediaInput in, MediaOutput out, int replaced) {
        return add(in, out, replaced, false);
    }

    /** As above, leaving the audio streams out when {@code withoutSound}. */
    static CopiedStreams add(MediaInput in, MediaOutput out, int replaced, boolean withoutSound) {
        CopiedStreams c = new CopiedStreams(in.streamCount());
        int next = 1;
        for (int i = 0; i < in.streamCount(); i++) {
            c.outIndex[i] = -1;
            if (i == replaced) {
                continue;
            }
            AVStream st = in.stream(i);
            int type = st.codecpar().codec_type();
            String label = "#" + i + " " + avutil.av_get_media_type_string(type).getString() + " "
                    + MediaProbe.codecName(st.codecpar().codec_id());
            if (withoutSound && type == avutil.AVMEDIA_TYPE_AUDIO) {
                c.dropped.add(label + " (left out as asked)");
            } else if (type != avutil.AVMEDIA_TYPE_AUDIO && type != avutil.AVMEDIA_TYPE_SUBTITLE) {
                c.dropped.add(label + " (only audio and subtitles are carried over)");
            } else if (!out.accepts(st.codecpar().codec_id())) {
                c.dropped.add(label + " (the output container cannot hold it)");
            } else {
                out.addCopiedStream(st);
                c.outIndex[i] = next++;
                c.copied.add(label);
            }
        }
        return c;
    }
}
