package pinn4j.app.search;

/**
 * One axis of the search space, as the search sees it. A point gives one number per dimension: a continuous
 * dimension's value in [0, 1] (the batch layer maps it onto its uniform or log-uniform range), an ordinal
 * dimension's level index {@code 0..levels-1}, a categorical dimension's choice index {@code 0..choices-1}.
 */
public sealed interface Dimension {

    /**
     * Whether a point may hold this value in this dimension.
     *
     * @param value the value
     * @return true for a value of [0, 1] (continuous) or a whole index in range (ordinal, categorical)
     */
    boolean admits(double value);

    /** A real value on [0, 1]. */
    record Continuous() implements Dimension {

        @Override
        public boolean admits(double value) {
            return value >= 0 && value <= 1;
        }
    }

    /**
     * Ordered whole values, such as an int-uniform range: the GP sees level {@code k} at {@code k / (levels - 1)},
     * so neighbouring levels are near each other.
     *
     * @param levels how many levels, at least 1
     */
    record Ordinal(int levels) implements Dimension {

        /**
         * Checks the level count.
         *
         * @param levels how many levels, at least 1
         */
        public Ordinal {
            if (levels < 1) {
                throw new IllegalArgumentException("an ordinal dimension needs at least 1 level, got " + levels);
            }
        }

        @Override
        public boolean admits(double value) {
            return value == Math.rint(value) && value >= 0 && value < levels;
        }
    }

    /**
     * Unordered choices, such as a list of activations: the GP sees a choice one-hot, one coordinate per choice,
     * so every two choices are equally far apart and each choice's coordinate has its own length scale.
     *
     * @param choices how many choices, at least 1
     */
    record Categorical(int choices) implements Dimension {

        /**
         * Checks the choice count.
         *
         * @param choices how many choices, at least 1
         */
        public Categorical {
            if (choices < 1) {
                throw new IllegalArgumentException("a categorical dimension needs at least 1 choice, got " + choices);
            }
        }

        @Override
        public boolean admits(double value) {
            return value == Math.rint(value) && value >= 0 && value < choices;
        }
    }
}
