package dev.flowsmith.app;

import dev.flowsmith.restoration.ditvr.Calibration;
import dev.flowsmith.restoration.ditvr.DitvrProcessor;
import dev.flowsmith.restoration.ditvr.VitalLayers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code flowsmith calibrate --model ID CLIP}: ranks the DiT's layers by temporal sensitivity on a
 * short clip and stores the vital-layer list in the model's folder, where {@code restore --method
 * ditvr} picks it up.
 */
@Command(name = "calibrate", description = "Find a DiT's vital layers for trajectory attention on a short clip and store them with the model.")
final class CalibrateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CLIP", description = "a short clip with motion (its first --frames frames, shrunk to about two model tiles)")
    Path clip;

    @Option(names = "--model", description = "the DiT: catalogue id or diffusers folder (default dit-xl-2-256)")
    Path model;

    @Option(names = "--vae", description = "its autoencoder: catalogue id or folder (default sd-vae-ft-mse)")
    Path vae;

    @Option(names = "--scale", defaultValue = "2", description = "super-resolution factor used for the runs (default ${DEFAULT-VALUE})")
    int scale;

    @Option(names = "--steps", defaultValue = "10", description = "DDIM steps per run (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--frames", defaultValue = "8", description = "frames of the clip to use (default ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--device", description = "run the DiT on a compute device: cpu, opencl:N or gpu:N (default: the host)")
    String device;

    @Override
    public Integer call() {
        OptionCheck.range("--scale", scale, 2, 4);
        OptionCheck.range("--steps", steps, 1, 1000);
        OptionCheck.range("--frames", frames, 2, 64);
        Path dit = RestoreCommand.modelFolder(model, "dit-xl-2-256"), ae = RestoreCommand.modelFolder(vae, "sd-vae-ft-mse");
        DitvrProcessor.Params p = new DitvrProcessor.Params(dit, ae, DitvrProcessor.Task.SR, scale, 0, steps, true, frames, 0, null);
        long t0 = System.nanoTime();
        Calibration.Result r = Calibration.run(p, clip, frames, device, run -> System.out.printf(Locale.ROOT, "  run %d done (%.0f s)%n",
                run, (System.nanoTime() - t0) / 1e9));
        System.out.printf(Locale.ROOT, "Warping error without trajectory attention: %.4f%n", r.baselineError());
        for (VitalLayers.Score s : r.scores()) {
            System.out.printf(Locale.ROOT, "  layer %2d: %+.4f%s%n", s.layer(), s.delta(), r.vital().contains(s.layer()) ? "  vital" : "");
        }
        VitalLayers.write(dit, clip.toAbsolutePath().toString(), r.scores(), r.vital());
        System.out.println("Vital layers " + r.vital() + " stored in " + dit.resolve(VitalLayers.FILE)
                + (r.vital().isEmpty() ? " (no layer lowered the error: trajectory attention stays off for this model)" : ""));
        return 0;
    }
}
