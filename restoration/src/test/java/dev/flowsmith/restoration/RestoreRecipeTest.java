package dev.flowsmith.restoration;

import dev.flowsmith.restoration.job.FrameProcessor;
import dev.flowsmith.restoration.sr.SuperResolver;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The studio's settings reach the processors exactly as the command line's options do. */
class RestoreRecipeTest {
    private static String describe(RestoreRecipe r) {
        try (FrameProcessor p = r.processor(null, null).get()) {
            return p.describe();
        }
    }

    @Test
    void settingsAndPresetsReachTheProcessors() {
        var strong = RestoreRecipe.presets(RestoreRecipe.Task.DENOISE).get(2);
        assertThat(describe(new RestoreRecipe(RestoreRecipe.Task.DENOISE, false, strong.settings())))
                .contains("radius=4").contains("sigma=30.00");
        assertThat(describe(new RestoreRecipe(RestoreRecipe.Task.DENOISE, false))).contains("sigma=auto");
        var bicubic = RestoreRecipe.presets(RestoreRecipe.Task.SR2).get(1);
        assertThat(describe(new RestoreRecipe(RestoreRecipe.Task.SR2, false, bicubic.settings()))).contains("BICUBIC").contains("x2");
        var rl = RestoreRecipe.presets(RestoreRecipe.Task.DEBLUR).get(2);
        assertThat(describe(new RestoreRecipe(RestoreRecipe.Task.DEBLUR, false, rl.settings()))).contains("RICHARDSON_LUCY");
        var soft = RestoreRecipe.presets(RestoreRecipe.Task.DEBLUR).get(1);
        assertThat(describe(new RestoreRecipe(RestoreRecipe.Task.DEBLUR, false, soft.settings()))).contains("sigma=3.000");
    }

    @Test
    void settingsOutsideTheCommandLinesRangesAreRefused() {
        assertThatThrownBy(() -> new RestoreRecipe.Settings(-1, 3, SuperResolver.Method.LANCZOS, null, false))
                .hasMessageContaining("sigma");
        assertThatThrownBy(() -> new RestoreRecipe.Settings(0, 9, SuperResolver.Method.LANCZOS, null, false))
                .hasMessageContaining("frames each side");
        assertThatThrownBy(() -> new RestoreRecipe.Settings(0, 3, SuperResolver.Method.MODEL, null, false))
                .hasMessageContaining(".pb");
    }
}
