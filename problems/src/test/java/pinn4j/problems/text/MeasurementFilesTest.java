package pinn4j.problems.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pinn4j.problems.BuiltinProblems;
import pinn4j.problems.Limits;
import pinn4j.problems.Observations;
import pinn4j.problems.OdeProblem;

/** Measurements read from CSV: partial columns, the accepted forms, and every mistake at its line and column. */
class MeasurementFilesTest {

    /** S, I, R on [0, 20]. */
    private static final OdeProblem SIR = BuiltinProblems.find("sir").orElseThrow().create();

    @TempDir
    Path folder;

    private Path write(String text) throws IOException {
        Path csv = folder.resolve("data.csv");
        Files.writeString(csv, text, StandardCharsets.UTF_8);
        return csv;
    }

    private List<Observations> read(String text) throws IOException {
        return MeasurementFiles.read(write(text), SIR);
    }

    private String refusal(String text) throws IOException {
        Path csv = write(text);
        ParseException e = assertThrows(ParseException.class, () -> MeasurementFiles.read(csv, SIR));
        return e.getMessage().split("\n")[0].replace(csv.toString(), "data.csv");
    }

    @Test
    void partialColumnsKeepTheRowsWhereEachHasAValueInColumnOrder() throws IOException {
        List<Observations> observations = read("t , R,I\r\n0, 0 ,0.01\r\n0.5,,0.0142\r\n1.5,0.25,\r\n2,0.5,2e-2\r\n");
        assertEquals(List.of("R", "I"), observations.stream().map(Observations::unknown).toList());
        assertArrayEquals(new double[] {0, 1.5, 2}, observations.get(0).t());
        assertArrayEquals(new double[] {0, 0.25, 0.5}, observations.get(0).values());
        assertArrayEquals(new double[] {0, 0.5, 2}, observations.get(1).t());
        assertArrayEquals(new double[] {0.01, 0.0142, 0.02}, observations.get(1).values());
    }

    @Test
    void oneObservedUnknownTrailingEmptyLinesAndAByteOrderMarkAreAccepted() throws IOException {
        List<Observations> observations = read("\uFEFFt,I\n20,0.125\n0,-1.5E+1\n\n  \n");
        assertEquals(1, observations.size());
        assertArrayEquals(new double[] {20, 0}, observations.get(0).t());
        assertArrayEquals(new double[] {0.125, -15}, observations.get(0).values());
    }

    @Test
    void everyDigitWrittenIsReadBack() throws IOException {
        double third = 1.0 / 3;
        List<Observations> observations = read("t,S\n" + third + "," + Math.PI + "\n");
        assertEquals(third, observations.get(0).t()[0], 0);
        assertEquals(Math.PI, observations.get(0).values()[0], 0);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``                 | data.csv:1:1: the file is empty; expected a header such as t,S,I,R (the variable, then the measured unknowns) and a row of values per time",
        "`\n\n`             | data.csv:1:1: the file is empty; expected a header such as t,S,I,R (the variable, then the measured unknowns) and a row of values per time",
        "`t,I\n`            | data.csv:2:1: no measurements: the file has a header but no rows; each row holds t,I for one time",
        "`I,t\n0,1\n`       | data.csv:1:1: the first column must be the variable t, got 'I'; the header names t, then some of the unknowns S, I, R",
        "`t,I,q\n0,1,2\n`   | data.csv:1:5: 'q' is not an unknown of sir; after t the columns are unknowns: S, I, R",
        "`t, I,I\n0,1,2\n`  | data.csv:1:6: the column 'I' appears twice; each of t,S,I,R may have one column",
        "`t,S,t\n0,1,2\n`   | data.csv:1:5: the column 't' appears twice; each of t,S,I,R may have one column",
        "`t,,I\n0,1,2\n`    | data.csv:1:3: '' is not an unknown of sir; after t the columns are unknowns: S, I, R",
        "`t \n0\n`          | data.csv:1:3: the header names no unknown; after t give the measured unknowns, some of S, I, R",
        "`t,I\n0,1,2\n`     | data.csv:2:5: the row has 3 cells, the header 2 (t,I); leave a cell empty where nothing was measured",
        "`t,I,S\n0,1\n`     | data.csv:2:4: the row has 2 cells, the header 3 (t,I,S); leave a cell empty where nothing was measured",
        "`t,I\n0,1\n\n1,2\n`| data.csv:3:1: an empty line among the rows; each row holds t,I for one time",
        "`t,I\n0, abc\n`    | data.csv:2:4: 'abc' is not a number; I must be a decimal number such as 0.5 or 1e-3, or nothing where it was not measured",
        "`t,I\nx,1\n`       | data.csv:2:1: 'x' is not a number; t must be a decimal number such as 0.5 or 1e-3",
        "`t,I\n0,0x1p3\n`   | data.csv:2:3: '0x1p3' is not a number; I must be a decimal number such as 0.5 or 1e-3, or nothing where it was not measured",
        "`t,I\n0,1d\n`      | data.csv:2:3: '1d' is not a number; I must be a decimal number such as 0.5 or 1e-3, or nothing where it was not measured",
        "`t,I\n0,NaN\n`     | data.csv:2:3: 'NaN' is not a finite number; I must be finite (leave the cell empty where nothing was measured)",
        "`t,I\n0,inf\n`     | data.csv:2:3: 'inf' is not a finite number; I must be finite (leave the cell empty where nothing was measured)",
        "`t,I\n0,-Infinity\n`| data.csv:2:3: '-Infinity' is not a finite number; I must be finite (leave the cell empty where nothing was measured)",
        "`t,I\n0,1e999\n`   | data.csv:2:3: '1e999' is not a finite number; I must be finite (leave the cell empty where nothing was measured)",
        "`t,I\nNaN,1\n`     | data.csv:2:1: 'NaN' is not a finite number; t must be finite",
        "`t,I\n0,1\n ,2\n`  | data.csv:3:2: the t of this row is empty; every row needs one",
        "`t,I\n0,1\n20.5,2\n`| data.csv:3:1: t = 20.5 is outside the domain [0, 20] of sir",
        "`t,I\n-1e-9,2\n`   | data.csv:2:1: t = -1e-9 is outside the domain [0, 20] of sir",
        "`t,I,S\n0,1,\n1,2,\n`| data.csv:1:5: the column S holds no value; give at least one measurement of S or drop the column",
    })
    void mistakesAreRefusedAtTheirLineAndColumn(String text, String message) throws IOException {
        assertEquals(message, refusal(text));
    }

    @Test
    void theOffendingLineIsShownWithACaret() throws IOException {
        Path csv = write("t,I\n0,1\n1, 2x\n");
        ParseException e = assertThrows(ParseException.class, () -> MeasurementFiles.read(csv, SIR));
        assertEquals(List.of(csv + ":3:4: '2x' is not a number; I must be a decimal number such as 0.5 or 1e-3, or"
                + " nothing where it was not measured", "    1, 2x", "       ^"), e.getMessage().lines().toList());
        assertEquals(3, e.line());
        assertEquals(4, e.column());
    }

    @Test
    void aMissingFileOrAFolderIsRefusedWithoutReadingIt() {
        Path missing = folder.resolve("nope.csv");
        assertEquals(missing + ":1:1: cannot read the measurements: no such file",
                assertThrows(ParseException.class, () -> MeasurementFiles.read(missing, SIR)).getMessage());
        assertEquals(folder + ":1:1: cannot read the measurements: it is a folder, not a file",
                assertThrows(ParseException.class, () -> MeasurementFiles.read(folder, SIR)).getMessage());
    }

    @Test
    void aBinaryFileIsRefusedAtItsFirstByteThatIsNotUtf8() throws IOException {
        Path csv = folder.resolve("data.csv");
        Files.write(csv, new byte[] {'t', ',', 'I', '\n', '0', ',', (byte) 0xFF, '\n'});
        assertEquals(csv + ":2:3: not UTF-8 text: the byte 0xFF cannot be read as UTF-8; a measurement file must be"
                + " UTF-8 text (is this a binary file?)",
                assertThrows(ParseException.class, () -> MeasurementFiles.read(csv, SIR)).getMessage());
    }

    @Test
    void anOversizedFileIsRefusedUnread() throws IOException {
        Path csv = folder.resolve("data.csv");
        try (var out = Files.newOutputStream(csv)) {
            out.write("t,I\n".getBytes(StandardCharsets.UTF_8));
            byte[] block = "0,1\n".repeat(1 << 16).getBytes(StandardCharsets.UTF_8);
            for (long written = 0; written <= Limits.MAX_MEASUREMENT_BYTES; written += block.length) {
                out.write(block);
            }
        }
        assertEquals(csv + ":1:1: the file is larger than 32 MiB; a measurement file may be at most 32 MiB (33554432"
                + " bytes)", assertThrows(ParseException.class, () -> MeasurementFiles.read(csv, SIR)).getMessage());
    }

    @Test
    void atMostTheRowLimitIsRead() throws IOException {
        String rows = "0,1\n".repeat(Limits.MAX_MEASUREMENT_ROWS);
        assertEquals(Limits.MAX_MEASUREMENT_ROWS, read("t,I\n" + rows).get(0).t().length);
        assertEquals("data.csv:" + (Limits.MAX_MEASUREMENT_ROWS + 2) + ":1: more than 100000 rows of measurements;"
                + " a measurement file may hold at most 100000", refusal("t,I\n" + rows + "1,2\n"));
    }
}
