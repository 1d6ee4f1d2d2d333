package pinn4j.app.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import pinn4j.problems.BuiltinProblem;
import pinn4j.problems.BuiltinProblems;
import pinn4j.problems.OdeProblem;

/** {@code pinn list}: the built-in problems. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the built-in problems.")
final class ListCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        for (BuiltinProblem builtin : BuiltinProblems.all()) {
            OdeProblem problem = builtin.create();
            System.out.println(builtin.name() + " - " + builtin.summary());
            System.out.println("  equation:   " + problem.equationText());
            System.out.println("  conditions: " + String.join(", ",
                    problem.conditions().stream().map(Object::toString).toList()));
            System.out.println("  domain:     " + problem.variable() + " in [" + problem.domain().t0() + ", "
                    + problem.domain().t1() + "]");
            System.out.println("  parameters: " + builtin.defaults());
        }
        return 0;
    }
}
