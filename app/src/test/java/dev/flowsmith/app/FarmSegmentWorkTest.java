package dev.flowsmith.app;

import dev.flowsmith.farm.FarmJob;
import dev.flowsmith.restoration.RestoreRecipe;
import dev.flowsmith.restoration.job.FrameProcessor;
import dev.flowsmith.restoration.job.RestoreJob;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The studio sends its recipes to the farm as restore options: a worker must make exactly the studio's processor. */
class FarmSegmentWorkTest {
    static FarmJob job(List<String> args) {
        return job(args, "/data/in.mp4");
    }

    static FarmJob job(List<String> args, String input) {
        return new FarmJob("j", "restore", args, input, "/data/out.mp4", 1, "f", false, FarmJob.CPU_QUEUE, 3, 30, false);
    }

    @Test
    void everyStudioPresetBecomesTheSameProcessorOnAWorker() {
        int checked = 0;
        for (RestoreRecipe.Task task : RestoreRecipe.Task.values()) {
            for (RestoreRecipe.Preset preset : RestoreRecipe.presets(task)) {
                RestoreRecipe recipe = new RestoreRecipe(task, false, preset.settings());
                List<String> args = recipe.arguments(null, null);
                // deinterlace and stabilise read the clip (field order, camera path): a real one, the same on both sides
                java.nio.file.Path clip = dev.flowsmith.media.SharedData.file("videos/tokenflow/data/wolf.mp4").toAbsolutePath();
                RestoreJob.Request onWorker = FarmSegmentWork.parse(task.analysesTheClip() ? job(args, clip.toString()) : job(args),
                        new RestoreCommand()).request();
                try (FrameProcessor studio = (task.analysesTheClip() ? recipe.processor(null, null, clip) : recipe.processor(null, null)).get();
                     FrameProcessor worker = onWorker.processor().get()) {
                    assertThat(worker.describe()).as(task + " / " + preset + ": " + args).isEqualTo(studio.describe());
                }
                assertThat(onWorker.encoder()).isEqualTo(dev.flowsmith.media.EncoderSettings.defaults(dev.flowsmith.media.VideoCodec.H264));
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(10);
    }

    @Test
    void optionsAWorkerCannotRunAreRefusedInOneSentence() {
        List<String> bad = new ArrayList<>(List.of("--task", "denoise", "--sigma", "900"));
        assertThatThrownBy(() -> new FarmSegmentWork(null).create(job(bad))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--sigma");
        assertThatThrownBy(() -> new FarmSegmentWork(null).create(new FarmJob("j", "transcode", List.of(), "/a.mp4", "/b.mp4", 1,
                "f", false, FarmJob.CPU_QUEUE, 3, 30, false))).hasMessageContaining("update Flowsmith on the workers");
    }
}
