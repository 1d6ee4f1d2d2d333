package pinn4j.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pinn} command line. Exit codes: 0 success, 1 failure (training diverged, I/O), 2 bad input. */
@Command(name = "pinn", mixinStandardHelpOptions = true, version = "pinn4j 0.1.0",
        description = "Solve ODEs with physics-informed neural networks and compare with a classical integrator.",
        subcommands = {RunCommand.class, DemoCommand.class, ListCommand.class, SurveyCommand.class, BatchCommand.class,
            ReportCommand.class, PredictCommand.class, LessonCommand.class, BenchCommand.class, SettingsCommand.class,
            CommandLine.HelpCommand.class})
public final class PinnCli implements Runnable {

    /** Input the user must correct. */
    static final int BAD_INPUT = 2;
    static final int FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the command and its options, e.g. {@code run damped-oscillator --seed 2}
     */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs the command line and returns its exit code.
     *
     * @param args the command and its options
     * @return 0 on success, 1 on failure (training diverged, I/O), 2 on bad input
     */
    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new PinnCli());
        commandLine.registerConverter(Path.class, value -> {
            if (value.isBlank()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is empty; give a file or folder name");
            }
            return Path.of(value);
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            boolean badInput = e instanceof IllegalArgumentException;
            // An exception without a message would print "failed: null"; its kind says more.
            String message = e.getMessage() != null ? e.getMessage()
                    : e.getClass().getSimpleName() + " (run with PINN_DEBUG=1 for the details)";
            err.println((badInput ? "error: " : "failed: ") + message);
            if (System.getenv("PINN_DEBUG") != null) {
                e.printStackTrace(err);
            }
            err.flush();
            return badInput ? BAD_INPUT : FAILURE;
        });
        return commandLine.execute(args);
    }
}
