package pinn4j.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pinn demo}: the damped oscillator with defaults. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train the damped harmonic oscillator (m=1, mu=4, k=400, x(0)=1, x'(0)=0 on [0, 1]) with the"
                + " default settings and write its plots into out/demo/.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder, replaced whole (default: out/demo).")
    Path out = Path.of("out", "demo");

    @picocli.CommandLine.Mixin
    ShowOptions show;

    @Override
    public Integer call() throws IOException {
        return RunCommand.train("damped-oscillator", new TrainingOptions(), new FitOptions(), new Ensemble(), out, false,
                show, new TensorBoardOption(), RunCommand.Keeping.NONE);
    }
}
