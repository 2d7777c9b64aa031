package dev.flowsmith.ui.common;

import javafx.util.StringConverter;

import java.util.function.Function;

/** Labels for choice boxes whose values are never typed in. */
public final class Labels {
    private Labels() {
    }

    public static <T> StringConverter<T> of(Function<T, String> label) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return label.apply(value);
            }

            @Override
            public T fromString(String s) {
                return null;
            }
        };
    }
}
