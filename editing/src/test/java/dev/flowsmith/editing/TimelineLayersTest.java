package dev.flowsmith.editing;

import dev.flowsmith.editing.command.AddTitle;
import dev.flowsmith.editing.command.BinEdit;
import dev.flowsmith.editing.command.EditException;
import dev.flowsmith.editing.command.EditHistory;
import dev.flowsmith.editing.command.InsertClip;
import dev.flowsmith.editing.command.SetClipStyle;
import dev.flowsmith.editing.command.SetProjectSettings;
import dev.flowsmith.editing.command.SplitAt;
import dev.flowsmith.editing.command.TrackEdit;
import dev.flowsmith.editing.command.Trim;
import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.FrameRate;
import dev.flowsmith.editing.model.MediaRef;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.model.ProjectSettings;
import dev.flowsmith.editing.model.TitleSpec;
import dev.flowsmith.editing.model.Track;
import dev.flowsmith.editing.model.TrackKind;
import dev.flowsmith.editing.project.ProjectException;
import dev.flowsmith.editing.project.ProjectFile;
import dev.flowsmith.editing.render.Layer;
import dev.flowsmith.editing.render.LayerStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tracks, clip styles, titles, the bin and project settings as edits, and the project file that keeps them. */
class TimelineLayersTest {
    @TempDir
    Path tmp;

    private EditHistory oneClip() {
        List<MediaRef> m = EditCommandsPropertyTest.media(tmp);
        EditHistory h = new EditHistory(Project.empty(ProjectSettings.DEFAULT));
        h.perform(new InsertClip(m.get(0), 0, 0, 90)); // 10 s source, 90 frames linked picture + sound
        return h;
    }

    private static Clip video(Project p) {
        return p.tracks().get(0).clips().get(0);
    }

    @Test
    void tracksAreAddedAboveTheVideoAndBelowTheAudioAndTheLastOfAKindStays() {
        EditHistory h = oneClip();
        h.perform(new TrackEdit.Add(TrackKind.VIDEO, null));
        h.perform(new TrackEdit.Add(TrackKind.AUDIO, "Music"));
        assertThat(h.current().tracks()).extracting(Track::name).containsExactly("V1", "V2", "A1", "Music");
        long v2 = h.current().tracks().get(1).id();
        h.perform(new TrackEdit.Move(v2, 0));
        assertThat(h.current().tracks()).extracting(Track::name).containsExactly("V2", "V1", "A1", "Music");
        h.perform(new TrackEdit.Rename(v2, "Overlay"));
        h.perform(new TrackEdit.Remove(h.current().tracks().get(0).id()));
        assertThatThrownBy(() -> h.perform(new TrackEdit.Remove(h.current().tracks().get(0).id())))
                .isInstanceOf(EditException.class).hasMessageContaining("only video track");
        assertThatThrownBy(() -> h.perform(new TrackEdit.Rename(h.current().tracks().get(0).id(), "  ")))
                .hasMessageContaining("track name");
    }

    @Test
    void aLockedTrackRefusesEditsAndRipplesThatWouldPullItsClipsOutOfSync() {
        EditHistory h = oneClip();
        Track a1 = h.current().tracks().get(1);
        h.perform(new TrackEdit.Flags(a1.id(), false, false, false, true));
        assertThatThrownBy(() -> h.perform(new SplitAt(30, Set.of()))).hasMessageContaining("A1 is locked");
        assertThatThrownBy(() -> h.perform(new InsertClip(EditCommandsPropertyTest.media(tmp).get(1), 0, 0, 30)))
                .hasMessageContaining("A1 is locked");
        assertThatThrownBy(() -> h.perform(new TrackEdit.Flags(h.current().tracks().get(0).id(), false, true, false, false)))
                .hasMessageContaining("Video tracks are hidden");
    }

    @Test
    void speedChangesTheLengthOfLinkedClipsTogetherAndTrimsFollowTheSourceBackwards() {
        EditHistory h = oneClip();
        Clip v = video(h.current());
        h.perform(new SetClipStyle(v.id(), v.style().withSpeed(2, false), "Speed"));
        Project p = h.current();
        assertThat(p.group(v.id())).allSatisfy(c -> {
            assertThat(c.length()).isEqualTo(45);
            assertThat(c.style().speed()).isEqualTo(2);
        });
        assertThat(video(p).sourceAt(10, p.rate())).isEqualTo(666_667);
        Clip r = video(p);
        h.perform(new SetClipStyle(r.id(), r.style().withSpeed(2, true), "Reverse"));
        Clip rev = video(h.current());
        assertThat(rev.sourceAt(0, p.rate())).isEqualTo(rev.sourceAt(44, p.rate()) + 44 * 66_667 - 15);
        // trimming the in point of a reversed clip removes the end of its source range: its in point stays
        h.perform(new Trim(rev.id(), Trim.Edge.IN, 5, false));
        assertThat(video(h.current()).sourceIn()).isEqualTo(rev.sourceIn());
        assertThat(video(h.current()).length()).isEqualTo(40);
        assertThatThrownBy(() -> h.perform(new SetClipStyle(rev.id(), rev.style().withSpeed(0.1, false), "Speed")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.25x and 4x");
    }

    @Test
    void fadesLongerThanTheClipAndTransitionsWithoutANeighbourAreRefused() {
        EditHistory h = oneClip();
        Clip v = video(h.current());
        assertThatThrownBy(() -> h.perform(new SetClipStyle(v.id(), v.style().withFades(60, 40), "Fades")))
                .isInstanceOf(EditException.class).hasMessageContaining("longer than the clip");
        assertThatThrownBy(() -> h.perform(new SetClipStyle(v.id(), v.style().withTransitionIn(10), "Transition")))
                .hasMessageContaining("needs a clip that ends where this one starts");
        h.perform(new SplitAt(45, Set.of()));
        Clip right = h.current().tracks().get(0).clips().get(1);
        h.perform(new SetClipStyle(right.id(), right.style().withTransitionIn(10), "Transition"));
        List<Layer> mid = LayerStack.at(h.current(), 50);
        assertThat(mid).hasSize(2);
        assertThat(mid.get(0).clip().id()).isEqualTo(v.id());
        assertThat(mid.get(0).clipFrame()).as("the clip before plays on past its end").isEqualTo(50);
        assertThat(mid.get(1).alpha()).isEqualTo(0.5);
    }

    @Test
    void titlesNeedAFreeStretchOfAVideoTrack() {
        EditHistory h = oneClip();
        assertThatThrownBy(() -> h.perform(new AddTitle(h.current().tracks().get(0).id(), 10, 30, TitleSpec.simple("Hi"))))
                .hasMessageContaining("There is a clip there");
        assertThatThrownBy(() -> h.perform(new AddTitle(h.current().tracks().get(1).id(), 10, 30, TitleSpec.simple("Hi"))))
                .hasMessageContaining("audio track");
        h.perform(new TrackEdit.Add(TrackKind.VIDEO, null));
        h.perform(new AddTitle(h.current().tracks().get(1).id(), 10, 30, TitleSpec.simple("Hi")));
        assertThat(LayerStack.at(h.current(), 20)).extracting(l -> l.clip().isTitle()).containsExactly(false, true);
    }

    @Test
    void aNewFrameRateKeepsCutsAtTheSameTimes() {
        EditHistory h = oneClip();
        h.perform(new SplitAt(60, Set.of())); // a cut at 2.0 s
        h.perform(new SetProjectSettings(new ProjectSettings(1280, 720, new FrameRate(25, 1), 48_000)));
        assertThat(h.current().tracks().get(0).clips()).extracting(Clip::start).containsExactly(0L, 50L);
        assertThat(h.current().duration()).isEqualTo(75);
    }

    @Test
    void theBinKeepsUnusedMediaInNestedFoldersAndTheFileKeepsEverything() throws Exception {
        EditHistory h = oneClip();
        List<MediaRef> m = EditCommandsPropertyTest.media(tmp);
        h.perform(new BinEdit.AddFolder("Footage"));
        h.perform(new BinEdit.AddFolder("Footage/Day 1"));
        h.perform(new BinEdit.Import(List.of(m.get(1), m.get(2)), "Footage/Day 1"));
        assertThatThrownBy(() -> h.perform(new BinEdit.Remove(List.of("a")))).hasMessageContaining("used on the timeline");
        h.perform(new BinEdit.RenameFolder("Footage", "Rushes"));
        assertThat(h.current().mediaRef("b").folder()).isEqualTo("Rushes/Day 1");
        Track a1 = h.current().tracks().get(1);
        h.perform(new TrackEdit.Flags(a1.id(), false, true, false, false));
        h.perform(new TrackEdit.Add(TrackKind.VIDEO, null));
        h.perform(new AddTitle(h.current().tracks().get(1).id(), 0, 30,
                new TitleSpec("Line one\nline two", "DejaVu Sans", 48, 0xFFFF0000, 0x80000000, 2, 0.5, 0.85)));
        Clip v = video(h.current());
        h.perform(new SetClipStyle(v.id(), v.style().withGainDb(-3).withFades(5, 7).withOpacity(0.5), "Levels"));
        Path f = tmp.resolve("kept.fsproj");
        ProjectFile.save(h.current(), f);
        assertThat(ProjectFile.load(f).project()).isEqualTo(h.current());
        String text = Files.readString(f);
        Files.writeString(f, text.replace("\"opacity\" : 0.5", "\"opacity\" : 7"));
        assertThatThrownBy(() -> ProjectFile.load(f)).isInstanceOf(ProjectException.class)
                .hasMessageContaining("kept.fsproj").hasMessageContaining("opacity must be between 0 and 100%");
        Files.writeString(f, text.replace("\"colour\" : \"#FFFF0000\"", "\"colour\" : \"red\""));
        assertThatThrownBy(() -> ProjectFile.load(f)).hasMessageContaining("not a colour");
    }

    @Test
    void aFormatOneProjectStillOpens() throws Exception {
        Path media = Files.write(tmp.resolve("a.mp4"), new byte[]{1});
        String v1 = """
                {"format": "flowsmith-project", "version": 1,
                 "settings": {"width": 1920, "height": 1080, "rate": "30/1", "sampleRate": 48000},
                 "media": [{"id": "a", "path": "a.mp4", "absolutePath": "%s", "durationMicros": 10000000, "width": 1280,
                            "height": 720, "rate": "30/1", "video": true, "audio": true}],
                 "tracks": [{"id": 1, "kind": "VIDEO", "name": "V1", "clips": [{"id": 3, "media": "a", "sourceIn": 0,
                             "start": 0, "length": 90, "link": 5}]},
                            {"id": 2, "kind": "AUDIO", "name": "A1", "clips": [{"id": 4, "media": "a", "sourceIn": 0,
                             "start": 0, "length": 90, "link": 5}]}],
                 "nextId": 6}
                """.formatted(media.toString());
        Path f = Files.writeString(tmp.resolve("old.fsproj"), v1);
        Project p = ProjectFile.load(f).project();
        assertThat(p.clipCount()).isEqualTo(2);
        assertThat(p.folders()).isEmpty();
        assertThat(video(p).style()).isEqualTo(dev.flowsmith.editing.model.ClipStyle.DEFAULT);
        assertThat(p.tracks()).noneMatch(t -> t.locked() || t.muted() || t.hidden() || t.solo());
    }
}
