package dev.flowsmith.editing;

import dev.flowsmith.editing.command.AddTitle;
import dev.flowsmith.editing.command.BinEdit;
import dev.flowsmith.editing.command.DuplicateClip;
import dev.flowsmith.editing.command.SetClipStyle;
import dev.flowsmith.editing.command.SetProjectSettings;
import dev.flowsmith.editing.command.TrackEdit;
import dev.flowsmith.editing.model.ClipStyle;
import dev.flowsmith.editing.model.TitleSpec;
import dev.flowsmith.editing.model.Transform;
import dev.flowsmith.editing.model.VolumePoint;
import dev.flowsmith.editing.command.EditCommand;
import dev.flowsmith.editing.command.EditException;
import dev.flowsmith.editing.command.EditHistory;
import dev.flowsmith.editing.command.InsertClip;
import dev.flowsmith.editing.command.MoveClip;
import dev.flowsmith.editing.command.RippleDelete;
import dev.flowsmith.editing.command.SplitAt;
import dev.flowsmith.editing.command.Trim;
import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.FrameRate;
import dev.flowsmith.editing.model.MediaRef;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.model.ProjectSettings;
import dev.flowsmith.editing.model.Track;
import dev.flowsmith.editing.model.TrackKind;
import dev.flowsmith.editing.project.ProjectFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random edit sessions (clip edits, clip styles, tracks, titles, the bin, project settings): every state keeps the timeline's invariants, undoing everything gives the
 * initial project back step by step, redoing replays to the same states, and save + load gives an
 * equal project.
 */
class EditCommandsPropertyTest {
    @TempDir
    Path tmp;

    static List<MediaRef> media(Path dir) {
        return List.of(
                new MediaRef("a", dir.resolve("a.mp4"), 10_000_000, 1280, 720, FrameRate.FPS_30, true, true),
                new MediaRef("b", dir.resolve("clips/b.mov"), 3_500_000, 1920, 1080, new FrameRate(25, 1), true, false),
                new MediaRef("c", dir.resolve("music.m4a"), 20_000_000, 0, 0, FrameRate.FPS_30, false, true));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void randomSessionsUndoRedoAndRoundTrip(long seed) {
        Random rnd = new Random(seed);
        List<MediaRef> media = media(tmp);
        Project initial = Project.empty(ProjectSettings.DEFAULT);
        EditHistory h = new EditHistory(initial);
        List<Project> states = new ArrayList<>(List.of(initial));
        int applied = 0;
        for (int i = 0; i < 300; i++) {
            EditCommand c = randomCommand(rnd, h.current(), media);
            try {
                h.perform(c);
            } catch (EditException e) {
                assertThat(h.current()).isSameAs(states.get(states.size() - 1)); // refused edits change nothing
                continue;
            }
            applied++;
            try {
                checkInvariants(h.current());
            } catch (AssertionError e) {
                throw new AssertionError("after " + c + " on " + states.get(states.size() - 1).tracks(), e);
            }
            states.add(h.current());
        }
        assertThat(applied).as("most random edits are legal").isGreaterThan(120);
        Project last = h.current();

        Path file = tmp.resolve("round-trip" + ProjectFile.EXTENSION);
        ProjectFile.save(last, file);
        assertThat(ProjectFile.load(file).project()).isEqualTo(last);

        for (int i = states.size() - 1; i > 0; i--) {
            assertThat(h.undo()).isTrue();
            assertThat(h.current()).as("after undo to step %d", i - 1).isEqualTo(states.get(i - 1));
        }
        assertThat(h.undo()).isFalse();
        assertThat(h.current()).isEqualTo(initial);
        for (int i = 1; i < states.size(); i++) {
            assertThat(h.redo()).isTrue();
            assertThat(h.current()).as("after redo of step %d", i).isEqualTo(states.get(i));
        }
        assertThat(h.redo()).isFalse();
        assertThat(h.current()).isEqualTo(last);
    }

    static EditCommand randomCommand(Random rnd, Project p, List<MediaRef> media) {
        List<Clip> clips = new ArrayList<>();
        p.tracks().forEach(t -> clips.addAll(t.clips()));
        long dur = p.duration();
        int kind = clips.isEmpty() ? (rnd.nextInt(4) == 0 ? 7 + rnd.nextInt(4) : 0) : rnd.nextInt(12);
        Clip c = clips.isEmpty() ? null : clips.get(rnd.nextInt(clips.size()));
        Track t = p.tracks().get(rnd.nextInt(p.tracks().size()));
        return switch (kind) {
            case 7 -> trackCommand(rnd, p, t);
            case 8 -> binCommand(rnd, p, media);
            case 9 -> new AddTitle(t.id(), rnd.nextInt((int) dur + 30), 1 + rnd.nextInt(60), TitleSpec.simple("T" + rnd.nextInt(99)));
            case 10 -> new SetProjectSettings(new ProjectSettings(rnd.nextBoolean() ? 1920 : 1280, rnd.nextBoolean() ? 1080 : 720,
                    rnd.nextBoolean() ? FrameRate.FPS_30 : new FrameRate(25, 1), rnd.nextBoolean() ? 48_000 : 44_100));
            case 11 -> styleCommand(rnd, c);
            case 0 -> {
                MediaRef m = media.get(rnd.nextInt(media.size()));
                long in = rnd.nextInt(2) == 0 ? 0 : rnd.nextInt((int) (m.durationMicros() / 2));
                yield new InsertClip(m, rnd.nextInt((int) dur + 2), in, rnd.nextInt(3) == 0 ? 0 : 1 + rnd.nextInt(120));
            }
            case 1 -> new SplitAt(rnd.nextInt((int) dur + 1), rnd.nextBoolean() ? Set.of() : Set.of(c.id()));
            case 2 -> new Trim(c.id(), rnd.nextBoolean() ? Trim.Edge.IN : Trim.Edge.OUT, rnd.nextInt(81) - 40, rnd.nextBoolean());
            case 3 -> new MoveClip(c.id(), Math.max(0, c.start() + rnd.nextInt(201) - 100), sameKindTrack(rnd, p, c));
            case 4 -> new RippleDelete(Set.of(c.id()));
            case 5 -> new DuplicateClip(c.id());
            default -> new MoveClip(c.id(), dur + rnd.nextInt(30), 0);
        };
    }

    private static EditCommand styleCommand(Random rnd, Clip c) {
        ClipStyle s = c.style();
        return switch (rnd.nextInt(7)) {
            case 6 -> new SetClipStyle(c.id(), s.withVolume(List.of(new VolumePoint(0, -rnd.nextInt(30)),
                    new VolumePoint(Math.max(1, c.length() / 2), 0), new VolumePoint(Math.max(2, c.length()), -6))), "Volume");
            case 0 -> new SetClipStyle(c.id(), s.withGainDb(rnd.nextInt(30) - 20), "Gain");
            case 1 -> new SetClipStyle(c.id(), s.withFades(rnd.nextInt((int) Math.min(c.length(), 20) + 1),
                    rnd.nextInt(3) == 0 ? 200 : 0), "Fades"); // 200: longer than most clips, refused
            case 2 -> new SetClipStyle(c.id(), s.withOpacity(rnd.nextInt(11) / 10.0), "Opacity");
            case 3 -> new SetClipStyle(c.id(), s.withSpeed(new double[]{0.25, 0.5, 1, 2, 4}[rnd.nextInt(5)], rnd.nextBoolean()), "Speed");
            case 4 -> new SetClipStyle(c.id(), s.withTransitionIn(rnd.nextInt(15)), "Transition");
            default -> new SetClipStyle(c.id(), s.withTransform(new Transform(rnd.nextInt(200) - 100, 0, 0.5 + rnd.nextInt(3) / 2.0,
                    rnd.nextInt(90), 0, rnd.nextInt(20), 0, 0)), "Transform");
        };
    }

    private static EditCommand trackCommand(Random rnd, Project p, Track t) {
        return switch (rnd.nextInt(7)) {
            case 6 -> new dev.flowsmith.editing.command.PlaceClip(media(Path.of("/tmp")).get(rnd.nextInt(3)), rnd.nextInt((int) p.duration() + 60),
                    0, t.id());
            case 0 -> new TrackEdit.Add(rnd.nextBoolean() ? TrackKind.VIDEO : TrackKind.AUDIO, null);
            case 1 -> new TrackEdit.Remove(t.id());
            case 2 -> new TrackEdit.Rename(t.id(), rnd.nextInt(5) == 0 ? " " : "Track " + rnd.nextInt(9));
            case 3 -> new TrackEdit.Move(t.id(), rnd.nextInt(3));
            case 4 -> new TrackEdit.Flags(t.id(), t.kind() == TrackKind.VIDEO && rnd.nextBoolean(),
                    t.kind() == TrackKind.AUDIO && rnd.nextBoolean(), t.kind() == TrackKind.AUDIO && rnd.nextBoolean(), false);
            default -> new TrackEdit.Flags(t.id(), t.hidden(), t.muted(), t.solo(), !t.locked() && rnd.nextInt(3) == 0); // locks stay rare
        };
    }

    private static EditCommand binCommand(Random rnd, Project p, List<MediaRef> media) {
        String folder = p.folders().isEmpty() ? "" : p.folders().get(rnd.nextInt(p.folders().size()));
        return switch (rnd.nextInt(6)) {
            case 0 -> new BinEdit.Import(List.of(media.get(rnd.nextInt(media.size()))), rnd.nextBoolean() ? folder : "");
            case 1 -> new BinEdit.AddFolder((folder.isEmpty() || rnd.nextBoolean() ? "" : folder + "/") + "Bin " + rnd.nextInt(4));
            case 2 -> new BinEdit.RenameFolder(folder, "Renamed " + rnd.nextInt(4));
            case 3 -> new BinEdit.RemoveFolder(folder);
            case 4 -> p.media().isEmpty() ? new BinEdit.AddFolder("x") : new BinEdit.Move(p.media().get(rnd.nextInt(p.media().size())).id(),
                    folder, rnd.nextInt(4));
            default -> p.media().isEmpty() ? new BinEdit.AddFolder("y") : new BinEdit.Remove(List.of(p.media().get(0).id()));
        };
    }

    private static long sameKindTrack(Random rnd, Project p, Clip c) {
        TrackKind k = p.trackOf(c.id()).kind();
        List<Track> same = p.tracks().stream().filter(t -> t.kind() == k).toList();
        return same.get(rnd.nextInt(same.size())).id();
    }

    /** Clips stay inside their sources, linked clips stay together, ids are unique. */
    static void checkInvariants(Project p) {
        Set<Long> ids = new java.util.HashSet<>();
        for (Track t : p.tracks()) {
            for (Clip c : t.clips()) {
                assertThat(ids.add(c.id())).as("unique id %d", c.id()).isTrue();
                if (c.isTitle()) {
                    assertThat(t.kind()).isEqualTo(TrackKind.VIDEO);
                    continue;
                }
                MediaRef m = p.mediaRef(c.mediaId());
                assertThat(t.kind() == TrackKind.VIDEO ? m.hasVideo() : m.hasAudio()).isTrue();
                long halfFrame = p.rate().micros(1) / 2;
                assertThat(c.sourceIn() + c.sourceSpan(p.rate())).as("clip %d inside its source", c.id())
                        .isLessThanOrEqualTo(m.durationMicros() + Math.round(halfFrame * Math.max(1, c.style().speed())) + 1000);
                assertThat(c.style().fadeIn() + c.style().fadeOut()).isLessThanOrEqualTo(c.length());
                assertThat(c.style().volume()).allSatisfy(v -> assertThat(v.frame()).isBetween(0L, c.length()));
                for (Clip o : p.group(c.id())) {
                    assertThat(o.start()).isEqualTo(c.start());
                    assertThat(o.length()).isEqualTo(c.length());
                    assertThat(Math.abs(o.sourceIn() - c.sourceIn())).isLessThanOrEqualTo(1);
                    assertThat(o.style().speed()).isEqualTo(c.style().speed());
                    assertThat(o.style().reverse()).isEqualTo(c.style().reverse());
                }
            }
        }
    }
}
