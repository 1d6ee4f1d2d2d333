package pinn4j.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import pinn4j.solver.settings.TrainingSettings;

/** {@code pinn settings} lists every setting once, and the README's table is its output, not a copy that drifts. */
class SettingsCommandTest {

    @Test
    void theTableHasOneRowPerSettingWithItsFlag() {
        String table = SettingsCommand.table();
        assertEquals(TrainingSettings.ALL.size() + 2, table.split("\n").length);
        assertTrue(table.contains("| `adamIterations` | `--adam-iterations` | a whole number from 0 to 10000000 | 300 |"),
                table);
        assertTrue(table.contains("| `residualScaling` | `--no-residual-scaling` |"), table);
        assertTrue(table.contains("| `c2` | `--set c2=...` | a number in (0, 1) | 0.9 | second-order stages |"), table);
    }

    @Test
    void theReadmeQuotesTheTableAsTheCommandPrintsIt() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        assertTrue(readme.contains(SettingsCommand.table()), "README's settings table differs from `pinn settings`");
    }
}
