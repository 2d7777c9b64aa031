package dev.flowsmith.editing.model;

/** What a track holds. Video tracks stack (the upper one shows); audio tracks mix. */
public enum TrackKind { VIDEO, AUDIO }
