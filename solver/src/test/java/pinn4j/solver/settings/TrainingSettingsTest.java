package pinn4j.solver.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pinn4j.problems.BuiltinProblem;
import pinn4j.problems.BuiltinProblems;
import pinn4j.problems.text.Located;
import pinn4j.problems.text.ProblemFile;
import pinn4j.problems.text.ProblemFiles;
import pinn4j.solver.Activation;
import pinn4j.solver.Collocation;
import pinn4j.solver.LossWeights;
import pinn4j.solver.Regularization;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.optim.FirstOrderOptimizer;
import pinn4j.solver.optim.FirstOrderStage;
import pinn4j.solver.optim.GaussNewton;
import pinn4j.solver.optim.GaussNewtonStage;
import pinn4j.solver.optim.LbfgsOptions;
import pinn4j.solver.optim.LbfgsStage;
import pinn4j.solver.optim.LearningRateDecay;
import pinn4j.solver.optim.SelfScaledQuasiNewton;
import pinn4j.solver.optim.SelfScaledStage;

/** The one settings reader: every kind of value, the stage plan, and every error naming where, what and why. */
class TrainingSettingsTest {

    private static TrainingConfig read(Map<String, ?> values) {
        return TrainingSettings.read(TrainingSettings.at(values, "test"));
    }

    private static String error(Map<String, ?> values) {
        return assertThrows(IllegalArgumentException.class, () -> read(values)).getMessage();
    }

    @Test
    void noSettingsGiveTheBuilderDefaults() {
        assertEquals(TrainingConfig.builder().build(), read(Map.of()));
        assertEquals(TrainingConfig.DEFAULT_STAGES, read(Map.of()).stages());
    }

    @Test
    void everyModelSettingIsReadFromTextAsFlagsAndFilesGiveIt() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("layers", "16, 8");
        values.put("activation", "SIN");
        values.put("points", "1e2");
        values.put("sampling", "random");
        values.put("resampleEvery", "10");
        values.put("weights", "cc=10,phys=0.5");
        values.put("residualScaling", "false");
        values.put("windows", "3");
        values.put("seed", "-7");
        values.put("dtype", "float32");
        TrainingConfig config = read(values);
        assertEquals(List.of(16, 8), config.layers());
        assertEquals(Activation.SIN, config.activation());
        assertEquals(new Collocation(100, Collocation.Sampling.RANDOM, 10), config.collocation());
        assertEquals(new LossWeights(10, 0.5, 1), config.weights());
        assertEquals(false, config.scaleResiduals());
        assertEquals(3, config.windows());
        assertEquals(-7, config.seed());
        assertEquals("float32", config.precision().id());
    }

    @Test
    void numbersAsYamlGivesThemAreReadToo() {
        TrainingConfig config = read(Map.of("layers", List.of(4, 4), "adamIterations", 40, "lr", 0.01,
                "weights", Map.of("cc", 2, "phys", 1)));
        assertEquals(List.of(4, 4), config.layers());
        FirstOrderStage first = (FirstOrderStage) config.stages().get(0);
        assertEquals(40, first.iterations());
        assertEquals(0.01, first.learningRate());
        assertEquals(new LossWeights(2, 1, 1), config.weights());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "adamIterations | 2.7  | test: adamIterations must be a whole number from 0 to 10000000, got '2.7'",
        "adamIterations | -1   | test: adamIterations must be a whole number from 0 to 10000000, got '-1'",
        "points         | 1e9  | test: points must be a whole number from 1 to 100000, got '1e9'",
        "layers         | 100000 | test: layers must be a list of 1 to 64 whole numbers from 1 to 4096, got '100000'",
        "windows        | 10000 | test: windows must be a whole number from 1 to 200, got '10000'",
        "lr             | 0    | test: lr must be a number in (0, 10], got '0'",
        "lr             | NaN  | test: lr must be a number in (0, 10], got 'NaN'",
        "activation     | gelu | test: activation must be one of tanh, sin, sigmoid, softplus, silu, relu, got 'gelu'",
        "residualScaling | yes | test: residualScaling must be true or false, got 'yes'",
        "seed           | 1.5  | test: seed must be a whole number, got '1.5'",
        "epsilon        | 0    | test: epsilon must be a number > 0, got '0'",
        "weights        | cc=1,mass=2 | test: weights must be names from cc, phys, data each with a number in [0,"
                + " 1000000000000] (e.g. cc=1,phys=10), got 'cc=1,mass=2'",
        "weights        | cc=0,phys=0 | test: weights: cc and phys are both 0, so nothing would be trained; give at"
                + " least one of them a weight > 0",
        "lrDecay        | 2:10 | test: lrDecay must be FACTOR:STEPS with FACTOR in (0, 1] and STEPS >= 1, e.g."
                + " 0.5:1000, got '2:10'",
        "resampleEvery  | 5    | test: resampleEvery needs sampling: random; a grid never changes",
        "l2             | -1e-3 | test: l2 must be a number in [0, 1000000], got '-1e-3'",
        "dropout        | 1    | test: dropout must be a number in [0, 1), got '1'",
    })
    void badValuesNameTheSettingTheValueAndWhatIsAllowed(String name, String value, String message) {
        assertEquals(message, error(Map.of(name, value)));
    }

    @Test
    void unknownSettingsAreListedAgainstTheKnownOnes() {
        String message = error(Map.of("budget", 0.25));
        assertTrue(message.startsWith("test: unknown training setting 'budget'; known: layers, activation, points"),
                message);
    }

    @Test
    void zeroBudgetsLeaveStagesOutButNotAll() {
        assertEquals(List.of(LbfgsStage.of(2500)), read(Map.of("adamIterations", 0)).stages());
        assertEquals(List.of(FirstOrderStage.adam(300)), read(Map.of("lbfgsIterations", "0")).stages());
        assertEquals("test: the plan has no stage with iterations > 0 (adamIterations and lbfgsIterations are both"
                + " 0); give at least one of them iterations >= 1",
                error(Map.of("adamIterations", 0, "lbfgsIterations", 0)));
    }

    @Test
    void theShorthandsDescribeTheDefaultPlan() {
        TrainingConfig config = read(Map.of("optimizer", "rmsprop", "adamIterations", 50, "lbfgsIterations", 70,
                "lr", "1e-2", "lrDecay", "0.5:10", "patience", 5, "rho", 0.95, "historySize", 7, "c2", 0.5));
        FirstOrderStage first = FirstOrderStage.of(FirstOrderOptimizer.RMSPROP, 50).withLearningRate(1e-2)
                .withDecay(new LearningRateDecay(0.5, 10)).withPatience(5)
                .withHyperparameters(new FirstOrderStage.Hyperparameters(0.9, 0.999, 0.95, 0.9, 1e-8, 0.01));
        LbfgsStage second = new LbfgsStage(LbfgsOptions.defaults(70).withHistorySize(7)
                .withLineSearch(LbfgsOptions.DEFAULT_ARMIJO, 0.5));
        assertEquals(List.of(first, second), config.stages());
    }

    @Test
    void stagesAsTextAndAsAListGiveTheSamePlan() {
        TrainingConfig text = read(Map.of("stages", "adam:100, nesterov:50, lbfgs:200"));
        TrainingConfig list = read(Map.of("stages", List.of(Map.of("optimizer", "adam", "iterations", 100),
                Map.of("optimizer", "nesterov", "iterations", "50"), Map.of("optimizer", "lbfgs", "iterations", 200))));
        assertEquals(List.of(FirstOrderStage.adam(100), FirstOrderStage.of(FirstOrderOptimizer.NESTEROV, 50),
                LbfgsStage.of(200)), text.stages());
        assertEquals(text, list);
    }

    @Test
    void aStagesOwnSettingsWinOverTopLevelOnesWhichFillTheRest() {
        TrainingConfig config = read(Map.of("lr", "0.01", "stages", List.of(
                Map.of("optimizer", "adam", "iterations", 10, "lr", "0.1", "beta2", 0.99),
                Map.of("optimizer", "sgd-momentum", "iterations", 20, "momentum", 0.5),
                Map.of("optimizer", "lbfgs", "iterations", 30, "c1", 1e-3))));
        FirstOrderStage adam = (FirstOrderStage) config.stages().get(0);
        FirstOrderStage sgd = (FirstOrderStage) config.stages().get(1);
        LbfgsStage lbfgs = (LbfgsStage) config.stages().get(2);
        assertEquals(0.1, adam.learningRate());
        assertEquals(0.99, adam.hyper().beta2());
        assertEquals(0.01, sgd.learningRate(), "the top-level lr fills a stage that sets none");
        assertEquals(0.5, sgd.hyper().momentum());
        assertEquals(1e-3, lbfgs.options().armijo());
    }

    @Test
    void secondOrderStagesReadTheSettingsTheyUseAndRefuseTheOthers() {
        assertEquals(List.of(FirstOrderStage.adam(300), GaussNewtonStage.of(GaussNewton.Mode.LEVENBERG_MARQUARDT, 200),
                SelfScaledStage.of(SelfScaledQuasiNewton.Update.SSBROYDEN, 40)),
                read(Map.of("stages", "adam:300,lm:200,ssbroyden:40")).stages());
        GaussNewtonStage gn = (GaussNewtonStage) read(Map.of("stages", List.of(Map.of("optimizer", "gn",
                "iterations", 50, "damping", 1e-4)))).stages().get(0);
        assertEquals(GaussNewton.Mode.LINE_SEARCH, gn.options().mode());
        assertEquals(1e-4, gn.options().damping());
        assertEquals(201, gn.options().maxEvaluations());
        SelfScaledStage ss = (SelfScaledStage) read(Map.of("stages", "ssbfgs:40", "c1", "1e-3")).stages().get(0);
        assertEquals(SelfScaledQuasiNewton.Update.SSBFGS, ss.update());
        assertEquals(1e-3, ss.options().armijo());
        assertEquals("test: damping is not used by any stage of the plan (adam, lbfgs); it applies to lm, gn",
                error(Map.of("damping", "0.1")));
        assertEquals("test: stages[1]: historySize does not apply to lm (it applies to lbfgs)",
                error(Map.of("stages", List.of(Map.of("optimizer", "lm", "iterations", 5, "historySize", 4)))));
        assertEquals("test: stages[1].optimizer must be one of adam, rmsprop, adagrad, sgd-momentum, nesterov, nadam,"
                + " adamw, lbfgs, ssbfgs, ssbroyden, lm, gn, got 'newton'",
                error(Map.of("stages", List.of(Map.of("optimizer", "newton", "iterations", 5)))));
    }

    @Test
    void weightDecayIsAdamwsAndOnlyAdamws() {
        FirstOrderStage adamw = (FirstOrderStage) read(Map.of("optimizer", "adamw", "weightDecay", "0.1")).stages()
                .get(0);
        FirstOrderStage staged = (FirstOrderStage) read(Map.of("stages", List.of(
                Map.of("optimizer", "adamw", "iterations", 10, "weightDecay", 0.2)))).stages().get(0);
        FirstOrderStage nadam = (FirstOrderStage) read(Map.of("stages", "nadam:300,lbfgs:2500")).stages().get(0);
        assertEquals(0.1, adamw.hyper().weightDecay());
        assertEquals(0.2, staged.hyper().weightDecay());
        assertEquals(FirstOrderOptimizer.NADAM, nadam.optimizer());
        assertEquals("test: weightDecay is not used by any stage of the plan (adam, lbfgs); it applies to adamw",
                error(Map.of("weightDecay", 0.1)));
        assertEquals("test: stages[1]: weightDecay does not apply to nadam (it applies to adamw)",
                error(Map.of("stages", List.of(Map.of("optimizer", "nadam", "iterations", 5, "weightDecay", 0.1)))));
        assertEquals("test: weightDecay must be a number in [0, 1), got '1'",
                error(Map.of("optimizer", "adamw", "weightDecay", "1")));
    }

    @Test
    void aLaterLayersPlanReplacesAnEarlierOneInEitherForm() {
        Map<String, Located> builtin = TrainingSettings.at(Map.of("lbfgsIterations", 3000, "lr", 0.01), "built-in");
        Map<String, Located> flags = TrainingSettings.at(Map.of("stages", "adam:10,lm:5"), "--stages");
        TrainingConfig config = TrainingSettings.read(builtin, flags);
        assertEquals(List.of(FirstOrderStage.adam(10).withLearningRate(0.01),
                GaussNewtonStage.of(GaussNewton.Mode.LEVENBERG_MARQUARDT, 5)), config.stages());
        Map<String, Located> staged = TrainingSettings.at(Map.of("stages", "nesterov:10,lbfgs:20"), "file");
        Map<String, Located> budget = TrainingSettings.at(Map.of("adamIterations", 50), "--adam-iterations");
        assertEquals(List.of(FirstOrderStage.adam(50), LbfgsStage.of(2500)),
                TrainingSettings.read(staged, budget).stages());
    }

    @Test
    void planMistakesAreRefusedWithWhereAndWhy() {
        assertEquals("test: adamIterations describes the default plan and cannot be combined with stages (test);"
                + " write the stage's budget in stages", error(Map.of("stages", "adam:10", "adamIterations", 5)));
        assertEquals("test: beta1 is not used by any stage of the plan (rmsprop, lbfgs); it applies to adam,"
                + " nadam, adamw",
                error(Map.of("optimizer", "rmsprop", "beta1", 0.8)));
        assertEquals("test: c1 is not used by any stage of the plan (adam); it applies to lbfgs, ssbfgs, ssbroyden",
                error(Map.of("lbfgsIterations", 0, "c1", 0.01)));
        assertEquals("test: stages[1]: beta1 does not apply to nesterov (it applies to adam, nadam, adamw)",
                error(Map.of("stages", List.of(Map.of("optimizer", "nesterov", "iterations", 5, "beta1", 0.5)))));
        assertEquals("test: stages[2].optimizer must be one of adam, rmsprop, adagrad, sgd-momentum, nesterov,"
                + " nadam, adamw, lbfgs, ssbfgs, ssbroyden, lm, gn, got 'lion'", error(Map.of("stages", "adam:5,lion:5")));
        assertEquals("test: stages[1].iterations must be a whole number from 1 to 10000000, got '0'",
                error(Map.of("stages", "lbfgs:0")));
        assertEquals("test: stages[1]: iterations is required",
                error(Map.of("stages", List.of(Map.of("optimizer", "adam")))));
        assertEquals("test: stages: expected OPTIMIZER:ITERATIONS entries separated by commas, e.g."
                + " adam:300,lbfgs:2500; got 'adam'", error(Map.of("stages", "adam")));
        assertEquals("test: the line-search constants must satisfy 0 < c1 < c2 < 1, got c1=0.5, c2=0.4",
                error(Map.of("c1", 0.5, "c2", 0.4)));
    }

    @Test
    void laterLayersOverrideEarlierOnesKeyByKey() {
        Map<String, Located> file = TrainingSettings.at(Map.of("points", 50, "windows", 2), "file.yaml");
        Map<String, Located> flags = TrainingSettings.at(Map.of("points", "80"), "--points");
        TrainingConfig config = TrainingSettings.read(file, flags);
        assertEquals(80, config.collocation().points());
        assertEquals(2, config.windows());
        String message = assertThrows(IllegalArgumentException.class, () -> TrainingSettings.read(file,
                TrainingSettings.at(Map.of("points", "0"), "--points"))).getMessage();
        assertEquals("--points: points must be a whole number from 1 to 100000, got '0'", message);
    }

    @Test
    void aFilesSettingsAreReadExactlyWhateverTheTextAroundThem() {
        // Code points outside the Basic Multilingual Plane once shifted settings cut out of the text by position.
        String yaml = String.join("\n", "# \uD83D\uDE80\uD83D\uDE80\uD83D\uDE80 a rocket or ten \uD83D\uDE80"
                        + "\uD83D\uDE80\uD83D\uDE80\uD83D\uDE80\uD83D\uDE80\uD83D\uDE80\uD83D\uDE80",
                "name: decay", "equations: [\"y' = -y\"]", "domain: [0, 1]", "conditions: [\"y(0) = 1\"]",
                "training:  # \u00e9t\u00e9 \uD83D\uDE80", "  adamIterations: 1500", "  lr: 1e-4",
                "  layers: [8, 8]", "");
        ProblemFile file = ProblemFiles.parse("emoji.yaml", yaml);
        TrainingConfig config = TrainingSettings.read(file.training());
        assertEquals(1500, config.stages().get(0).iterations());
        assertEquals(1e-4, ((FirstOrderStage) config.stages().get(0)).learningRate());
        assertEquals(List.of(8, 8), config.layers());
        String bad = yaml.replace("adamIterations: 1500", "adamIterations: 2.7");
        String message = assertThrows(IllegalArgumentException.class,
                () -> TrainingSettings.read(ProblemFiles.parse("emoji.yaml", bad).training())).getMessage();
        assertEquals("emoji.yaml:7:19: training.adamIterations: adamIterations must be a whole number from 0 to"
                + " 10000000, got '2.7'", message);
    }

    @Test
    void everyBuiltInsYamlTwinHasTheSameSettings() throws IOException {
        for (BuiltinProblem builtin : BuiltinProblems.all()) {
            Path file = Path.of("..", "examples", builtin.name() + ".yaml");
            ProblemFile twin = ProblemFiles.load(file);
            TrainingConfig java = TrainingSettings.read(TrainingSettings.at(builtin.training(), builtin.name()));
            assertEquals(java, TrainingSettings.read(twin.training()), builtin.name() + " settings");
            assertTrue(Files.isRegularFile(file));
        }
    }

    @Test
    void regularizationIsReadAndRefusedWherePlanStagesCannotRunIt() {
        TrainingConfig config = read(Map.of("l1", "1e-5", "l2", 0.01, "dropout", "0.1", "stages", "adam:500"));
        assertEquals(new Regularization(1e-5, 0.01, 0.1), config.regularization());
        assertEquals(Regularization.NONE, read(Map.of()).regularization());
        assertEquals(new Regularization(0, 1e-4, 0), read(Map.of("l2", "1e-4", "stages", "adam:10,lbfgs:10"))
                .regularization());
        assertEquals("test: dropout 0.1 needs a plan of first-order stages only, but it has L-BFGS: a line search or"
                + " a Gauss-Newton step compares losses of one function, and dropout draws new masks at every step;"
                + " give e.g. stages adam:3000, or dropout 0", error(Map.of("dropout", "0.1")));
        assertTrue(error(Map.of("l2", "1e-4", "stages", "adam:10,lm:10")).startsWith("test: l1 and l2 penalties"
                + " cannot be used with the Levenberg-Marquardt stage"), error(Map.of("l2", "1e-4", "stages",
                "adam:10,lm:10")));
    }

    @Test
    void everySettingHasAFlagAndADocumentedDefault() {
        for (Setting setting : TrainingSettings.ALL) {
            assertTrue(setting.flag().matches("--[a-z0-9]+(-[a-z0-9]+)*"), setting.flag());
            assertTrue(!setting.doc().isBlank() && !setting.defaultText().isBlank(), setting.name());
        }
        assertEquals("--adam-iterations", TrainingSettings.setting("adamIterations").flag());
    }
}
