package pinn4j.solver;

/** The stages of training, in order. */
public enum Stage {
    ADAM("Adam"),
    LBFGS("L-BFGS");

    private final String label;

    Stage(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
