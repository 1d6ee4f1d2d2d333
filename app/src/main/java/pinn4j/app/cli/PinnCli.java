package pinn4j.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import picocli.CommandLine.Command;
import picocli.CommandLine;
import pinn4j.solver.io.Folders;

/**
 * The {@code pinn} command line. Exit codes: 0 success, 1 failure (training diverged, I/O, an unexpected error),
 * 2 bad input. Whatever goes wrong ends in one message on standard error, {@code error: ...} for input the user must
 * correct and {@code failed: ...} for the rest, never a stack trace ({@code PINN_DEBUG=1} adds it).
 */
@Command(name = "pinn", mixinStandardHelpOptions = true, version = "pinn4j " + PinnCli.VERSION,
        description = "Solve ODEs with physics-informed neural networks and compare with a classical integrator.",
        subcommands = {RunCommand.class, DemoCommand.class, ListCommand.class, SurveyCommand.class, BatchCommand.class,
            ReportCommand.class, PredictCommand.class, SimulateCommand.class, LessonCommand.class, BenchCommand.class,
            SettingsCommand.class, CommandLine.HelpCommand.class})
public final class PinnCli implements Runnable {

    /** The version printed by {@code --version} and on batch reports. */
    static final String VERSION = "0.1.0";

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
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            PrintWriter err = new PrintWriter(System.err, true);
            report(e, err);
            Runtime.getRuntime().halt(FAILURE);
        });
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
        commandLine.setParameterExceptionHandler(PinnCli::badArguments);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> report(e, cmd.getErr()));
        try {
            return commandLine.execute(args);
        } catch (RuntimeException | Error e) {
            return report(e, commandLine.getErr());
        }
    }

    /**
     * Arguments picocli cannot match to the command: an unknown command or option, a missing or malformed value.
     * One line saying what is wrong, the commands or the nearest options where that helps, and where the help is.
     */
    private static int badArguments(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String message = e.getMessage().replaceFirst("^Error: ", "");
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && cmd.getParent() == null
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
            message = "unknown command '" + unmatched.getUnmatched().get(0) + "'; commands: "
                    + String.join(", ", cmd.getSubcommands().keySet());
        }
        err.println("error: " + message);
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()
                && !message.startsWith("unknown command")) {
            err.println("did you mean: " + String.join(", ", unmatched.getSuggestions()) + "?");
        }
        err.println("see `" + cmd.getCommandSpec().qualifiedName() + " --help`");
        err.flush();
        return BAD_INPUT;
    }

    /**
     * Reports what a command threw, in one line (a bad input's message may add the offending line with a caret) and
     * returns the exit code: {@value #BAD_INPUT} for bad input ({@link IllegalArgumentException}), else
     * {@value #FAILURE}.
     */
    static int report(Throwable e, PrintWriter err) {
        Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
        boolean badInput = cause instanceof IllegalArgumentException && !(cause instanceof NumberFormatException);
        String message;
        if (badInput) {
            message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        } else if (cause instanceof IOException io) {
            message = Folders.describe(io);
        } else if (cause instanceof OutOfMemoryError) {
            message = "out of memory (" + cause.getMessage() + "); try a smaller network (--layers), fewer points"
                    + " (--points) or fewer time windows";
        } else if (cause instanceof IllegalStateException && cause.getMessage() != null) {
            message = cause.getMessage().lines().findFirst().orElse("").strip();
        } else {
            String text = cause.getMessage() == null || cause.getMessage().isBlank() ? null
                    : cause.getMessage().lines().findFirst().orElse("").strip();
            message = "unexpected " + cause.getClass().getSimpleName() + (text == null ? "" : ": " + text)
                    + " (please report it; PINN_DEBUG=1 shows where it happened)";
        }
        err.println((badInput ? "error: " : "failed: ") + message);
        if (System.getenv("PINN_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return badInput ? BAD_INPUT : FAILURE;
    }
}
