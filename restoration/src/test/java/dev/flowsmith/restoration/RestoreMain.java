package dev.flowsmith.restoration;

import dev.flowsmith.media.CancellationToken;
import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.ProgressListener;
import dev.flowsmith.media.VideoCodec;
import dev.flowsmith.restoration.job.RestoreJob;

import java.nio.file.Path;

/** A child process for the kill-and-resume test: runs a slow blend job on IN to OUT. */
public final class RestoreMain {
    public static void main(String[] args) {
        RestoreJob.run(new RestoreJob.Request(Path.of(args[0]), Path.of(args[1]), () -> new BlendProcessor(40),
                encoder(), 1.0, args.length > 2, false, false), ProgressListener.NONE, new CancellationToken());
    }

    static EncoderSettings encoder() {
        return new EncoderSettings(VideoCodec.H264, 20, "ultrafast", 8);
    }
}
