package pinn4j.app.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pinn4j.app.cli.PinnCli;
import pinn4j.plots.charts.TrainingCharts;
import pinn4j.problems.BuiltinProblems;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.PinnTrainer;
import pinn4j.solver.TrainedPinn;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.optim.FirstOrderStage;
import pinn4j.solver.optim.LbfgsStage;

class AnimationTest {

    @Test
    void recordedTrainingBecomesALoopingGifOfChangingFrames(@TempDir Path folder) throws IOException {
        OdeProblem problem = BuiltinProblems.find("damped-oscillator").orElseThrow().create();
        TrainingConfig config = TrainingConfig.builder().optStages(FirstOrderStage.adam(60), LbfgsStage.of(60)).build();
        Recorder recorder = new Recorder(problem.domain().grid(301), 10);
        Path gif = folder.resolve("training.gif");
        try (TrainedPinn trained = new PinnTrainer(config).train(problem, recorder)) {
            int steps = trained.history().records().size();
            TrainingCharts charts = new TrainingCharts(problem, trained.collocationPoints(), trained.history().terms(),
                    steps, 600, 400);
            Animation.writeGif(gif, charts, recorder.snapshots(), trained.history().records(), 100);
            assertEquals(10, recorder.snapshots().size(), "the frames asked for");
            assertEquals(1, recorder.snapshots().get(0).step(), "the first frame is the untrained network");
            assertEquals(steps, recorder.snapshots().get(9).step(), "the last frame is the trained network");
        }
        assertTrue(Files.size(gif) > 50_000, "size " + Files.size(gif));
        List<BufferedImage> frames = readFrames(gif);
        assertTrue(frames.size() >= 10, frames.size() + " frames");
        assertEquals(1200, frames.get(0).getWidth());
        assertTrue(distinctColours(frames.get(frames.size() - 1)) > 20, "the last frame looks blank");
        assertFalse(Arrays.equals(pixels(frames.get(1)), pixels(frames.get(frames.size() - 1))), "frames must change");
    }

    @Test
    void liveWithoutADisplaySaysSoAndStillWritesTheFiles(@TempDir Path folder) throws IOException {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.err;
        int code;
        try {
            System.setErr(new java.io.PrintStream(err, true));
            code = PinnCli.execute("run", "exponential-decay", "--live", "--quiet", "--adam-iterations", "20",
                    "--lbfgs-iterations", "10", "--out", folder.toString());
        } finally {
            System.setErr(old);
        }
        assertEquals(0, code);
        assertTrue(err.toString().contains("--live: there is no display here (headless), so no window"), err.toString());
        assertTrue(Files.exists(folder.resolve("solution.png")));
    }

    private static List<BufferedImage> readFrames(Path gif) throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            reader.setInput(in);
            int count = reader.getNumImages(true);
            java.util.ArrayList<BufferedImage> frames = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                frames.add(reader.read(i));
            }
            return frames;
        } finally {
            reader.dispose();
        }
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int value : pixels(image)) {
            colours.add(value);
        }
        return colours.size();
    }
}
