package dev.flowsmith.app;

import dev.flowsmith.editing.command.EditHistory;
import dev.flowsmith.editing.command.InsertClip;
import dev.flowsmith.editing.model.MediaRef;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.project.MediaImport;
import dev.flowsmith.editing.project.ProjectFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code flowsmith project new OUT.fsproj CLIP[@IN-OUT]...}: builds a timeline from the command line
 * (clips one after another, times in seconds), for batch cuts; {@code flowsmith project show} prints one.
 */
@Command(name = "project", description = "Create or inspect projects from the command line.",
        subcommands = {ProjectCommand.New.class, ProjectCommand.Show.class})
final class ProjectCommand {
    @Command(name = "new", description = "Make a project whose timeline plays the given clips in order.")
    static final class New implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "PROJECT")
        Path file;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "CLIP[@IN-OUT]",
                description = "a media file, optionally with a range in seconds, e.g. talk.mp4@12.5-20")
        List<String> clips;

        @Option(names = {"-y", "--overwrite"}, description = "replace PROJECT if it exists")
        boolean overwrite;

        @Override
        public Integer call() {
            if (Files.exists(file) && !overwrite) {
                throw new UsageException("'" + file + "' exists; pass --overwrite to replace it.");
            }
            EditHistory h = null;
            for (String spec : clips) {
                int at = spec.lastIndexOf('@');
                Path media = Path.of(at > 0 ? spec.substring(0, at) : spec);
                MediaRef m = MediaImport.ref(media);
                if (h == null) {
                    h = new EditHistory(Project.empty(MediaImport.settingsLike(m)));
                }
                long in = 0, length = 0;
                if (at > 0) {
                    String[] r = spec.substring(at + 1).split("-", -1);
                    if (r.length > 2) {
                        throw new UsageException("The range of '" + spec + "' is not IN-OUT in seconds, e.g. talk.mp4@12.5-20.");
                    }
                    double clipSeconds = m.durationMicros() / 1e6;
                    double from = OptionCheck.number("The start of '" + spec + "'", r[0], "talk.mp4@12.5-20");
                    double to = r.length > 1 && !r[1].isBlank()
                            ? OptionCheck.number("The end of '" + spec + "'", r[1], "talk.mp4@12.5-20") : clipSeconds;
                    if (from < 0 || to > clipSeconds + 1e-3) {
                        throw new UsageException(String.format(Locale.ROOT, "The range of '%s' is outside the clip, which is %.3f s long.", spec, clipSeconds));
                    }
                    if (to <= from) {
                        throw new UsageException("The range of '" + spec + "' ends before it starts.");
                    }
                    in = Math.round(from * 1e6);
                    length = h.current().rate().frames(Math.round((to - from) * 1e6));
                }
                h.perform(new InsertClip(m, h.current().duration(), in, length));
            }
            Path saved = ProjectFile.save(h.current(), file);
            Project p = h.current();
            System.out.printf(Locale.ROOT, "Wrote %s: %d clip(s), %s at %s fps%n", saved, clips.size(),
                    p.rate().timecode(p.duration()), p.rate());
            return 0;
        }
    }

    @Command(name = "show", description = "Print a project's tracks and clips.")
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "PROJECT")
        Path file;

        @Override
        public Integer call() {
            ProjectFile.Loaded l = ProjectFile.load(file);
            Project p = l.project();
            System.out.printf(Locale.ROOT, "%s: %dx%d at %s fps, %s long%n", file.getFileName(), p.settings().width(),
                    p.settings().height(), p.rate(), p.rate().timecode(p.duration()));
            for (var t : p.tracks()) {
                System.out.println(t.name() + " (" + t.kind().name().toLowerCase(Locale.ROOT) + ")");
                for (var c : t.clips()) {
                    System.out.printf(Locale.ROOT, "  %s - %s  %s from %.3f s%n", p.rate().timecode(c.start()),
                            p.rate().timecode(c.end()), p.mediaRef(c.mediaId()).name(), c.sourceIn() / 1e6);
                }
            }
            l.missing().forEach(m -> System.out.println("missing: " + m.path()));
            return l.missing().isEmpty() ? 0 : Flowsmith.EXIT_FAILED;
        }
    }
}
