package dev.flowsmith.editing;

import dev.flowsmith.editing.command.DuplicateClip;
import dev.flowsmith.editing.command.EditException;
import dev.flowsmith.editing.command.EditHistory;
import dev.flowsmith.editing.command.InsertClip;
import dev.flowsmith.editing.command.MoveClip;
import dev.flowsmith.editing.command.RippleDelete;
import dev.flowsmith.editing.command.Snapper;
import dev.flowsmith.editing.command.SplitAt;
import dev.flowsmith.editing.command.Trim;
import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.MediaRef;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.model.ProjectSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each edit command on a small hand-made timeline, with the expected frames. */
class EditCommandsTest {
    @TempDir
    Path tmp;

    private EditHistory twoClips() {
        List<MediaRef> m = EditCommandsPropertyTest.media(tmp);
        EditHistory h = new EditHistory(Project.empty(ProjectSettings.DEFAULT));
        h.perform(new InsertClip(m.get(0), 0, 0, 90));      // a: frames 0-90 (video + linked audio)
        h.perform(new InsertClip(m.get(1), 90, 0, 60));     // b: 90-150 video only
        return h;
    }

    private static List<Clip> v1(Project p) {
        return p.tracks().get(0).clips();
    }

    @Test
    void insertLinksPictureAndSoundAndSplitKeepsSourceTime() {
        EditHistory h = twoClips();
        Project p = h.current();
        assertThat(v1(p)).extracting(Clip::start, Clip::length).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0L, 90L), org.assertj.core.groups.Tuple.tuple(90L, 60L));
        assertThat(p.group(v1(p).get(0).id())).hasSize(2);

        p = h.perform(new SplitAt(30, Set.of()));
        assertThat(v1(p)).hasSize(3);
        Clip right = v1(p).get(1);
        assertThat(right.start()).isEqualTo(30);
        assertThat(right.sourceIn()).isEqualTo(1_000_000);
        assertThat(p.group(right.id())).hasSize(2).allMatch(c -> c.start() == 30 && c.length() == 60);
        assertThat(p.tracks().get(1).clips()).hasSize(2);
    }

    @Test
    void insertInTheMiddleSplitsAndPushesEverythingRight() {
        EditHistory h = twoClips();
        Project p = h.perform(new InsertClip(EditCommandsPropertyTest.media(tmp).get(2), 45, 0, 15)); // audio only
        assertThat(v1(p)).extracting(Clip::start, Clip::length).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0L, 45L), org.assertj.core.groups.Tuple.tuple(60L, 45L),
                org.assertj.core.groups.Tuple.tuple(105L, 60L));
    }

    @Test
    void trimStopsAtNeighboursAndSourceEndsUnlessRippling() {
        EditHistory h = twoClips();
        long a = v1(h.current()).get(0).id();
        assertThatThrownBy(() -> h.perform(new Trim(a, Trim.Edge.OUT, 50, false)))  // b is in the way
                .isInstanceOf(EditException.class);
        assertThat(v1(h.current()).get(0).length()).isEqualTo(90);
        Project p = h.perform(new Trim(a, Trim.Edge.OUT, -30, false));
        assertThat(v1(p).get(0).end()).isEqualTo(60);
        assertThat(v1(p).get(1).start()).isEqualTo(90);           // non-ripple leaves a gap
        h.undo();
        p = h.perform(new Trim(a, Trim.Edge.OUT, -30, true));
        assertThat(v1(p).get(1).start()).isEqualTo(60);           // ripple closes it
        p = h.perform(new Trim(a, Trim.Edge.OUT, 1000, true));    // to the end of the 10 s source
        assertThat(v1(p).get(0).length()).isEqualTo(300);
        assertThat(v1(p).get(1).start()).isEqualTo(300);
        p = h.perform(new Trim(a, Trim.Edge.IN, 15, true));
        assertThat(v1(p).get(0)).extracting(Clip::start, Clip::length, Clip::sourceIn).containsExactly(0L, 285L, 500_000L);
        assertThat(v1(p).get(1).start()).isEqualTo(285);
        assertThatThrownBy(() -> h.perform(new Trim(v1(h.current()).get(1).id(), Trim.Edge.IN, -5, false)))
                .isInstanceOf(EditException.class);                // b already starts at its source's first frame
    }

    @Test
    void moveRefusesOverlapAndMovesLinkedClipsTogether() {
        EditHistory h = twoClips();
        Project p = h.current();
        long a = v1(p).get(0).id();
        assertThatThrownBy(() -> h.perform(new MoveClip(a, 30, 0))).isInstanceOf(EditException.class)
                .hasMessageContaining("overlap");
        p = h.perform(new MoveClip(a, 150, 0));
        assertThat(p.group(a)).allMatch(c -> c.start() == 150);
        assertThat(p.duration()).isEqualTo(240);
    }

    @Test
    void rippleDeleteClosesTheGapOnEveryTrack() {
        EditHistory h = twoClips();
        Project p = h.perform(new RippleDelete(Set.of(v1(h.current()).get(0).id())));
        assertThat(v1(p)).singleElement().extracting(Clip::start).isEqualTo(0L);
        assertThat(p.tracks().get(1).clips()).isEmpty();
        assertThat(p.duration()).isEqualTo(60);
    }

    @Test
    void duplicatePutsACopyRightAfter() {
        EditHistory h = twoClips();
        Project p = h.perform(new DuplicateClip(v1(h.current()).get(0).id()));
        assertThat(v1(p)).extracting(Clip::start).containsExactly(0L, 90L, 180L);
        assertThat(p.group(v1(p).get(1).id())).hasSize(2);
        assertThat(h.undoName()).contains("Duplicate");
    }

    @Test
    void snappingPrefersTheNearestEdgeWithinTolerance() {
        Project p = twoClips().current();
        Snapper s = new Snapper(p, 200, Set.of());
        assertThat(s.snap(93, 5)).isEqualTo(90);
        assertThat(s.snap(120, 5)).isEqualTo(120);
        assertThat(s.snap(197, 5)).isEqualTo(200);
        assertThat(s.snapClip(152, 40, 5)).isEqualTo(150);   // start snaps to b's end
        assertThat(s.snapClip(158, 40, 5)).isEqualTo(160);   // end snaps to the playhead
    }
}
