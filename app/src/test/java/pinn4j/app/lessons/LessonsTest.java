package pinn4j.app.lessons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every lesson runs, draws real figures, and its text quotes the numbers its own run measured. */
class LessonsTest {

    static Stream<String> names() {
        return Lessons.all().stream().map(Lesson::name);
    }

    @ParameterizedTest
    @MethodSource("names")
    void lessonWritesFiguresAndQuotesItsOwnNumbers(String name, @TempDir Path folder) throws IOException {
        Lessons.find(name).orElseThrow().run(folder);
        String text = Files.readString(folder.resolve("lesson.md"));
        JsonNode results = new ObjectMapper().readTree(folder.resolve("results.json").toFile());
        assertEquals(name, results.get("lesson").asText());
        assertTrue(results.get("figures").size() >= 1);
        for (JsonNode figure : results.get("figures")) {
            Path png = folder.resolve(figure.asText());
            assertTrue(Files.size(png) > 20_000, png + " is too small");
            BufferedImage image = ImageIO.read(png.toFile());
            assertTrue(image.getWidth() >= 1000, png + " width " + image.getWidth());
            assertTrue(distinctColours(image) > 30, png + " looks blank");
            assertTrue(text.contains("](" + figure.asText() + ")"), "lesson.md shows " + figure.asText());
        }
        int quoted = 0;
        for (var entry : (Iterable<java.util.Map.Entry<String, JsonNode>>) results::fields) {
            JsonNode measured = entry.getValue().get("relativeL2Error");
            if (measured != null) {
                String printed = String.format("%.1e", measured.asDouble());
                assertTrue(text.contains(printed), "lesson.md must quote " + entry.getKey() + "'s error " + printed);
                quoted++;
            }
        }
        assertTrue(quoted >= 2, "a lesson compares at least two runs");
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int x = 0; x < image.getWidth(); x += 2) {
            for (int y = 0; y < image.getHeight(); y += 2) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
