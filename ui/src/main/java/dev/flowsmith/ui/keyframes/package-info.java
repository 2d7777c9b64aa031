/** Tools > Keyframe Editing: find keyframes, import the edited ones, propagate, the drift meter. */
package dev.flowsmith.ui.keyframes;
