package pinn4j.app.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pinn4j.app.batch.BatchPage;
import pinn4j.app.batch.BatchReport;
import pinn4j.plots.files.RunFiles;

/** {@code pinn report DIR...}: one report from the output folders of a batch's shards. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Merge the output folders of one batch (its shards) into summary.csv, ranking.csv and index.html.")
final class ReportCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Output folders of `pinn batch`.")
    List<Path> folders;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the report (default: the first DIR).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path target = out != null ? out : folders.get(0);
        RunFiles.checkWritable(target);
        BatchReport.Summary summary = BatchReport.read(folders);
        BatchReport.writeTables(summary, target);
        BatchPage.write(summary, target, pinn4j.app.batch.Provenance.now("the folders " + String.join(", ",
                folders.stream().map(Path::toString).toList()), PinnCli.VERSION));
        System.out.printf("%d of %d runs found%s; summary.csv, ranking.csv and index.html in %s%n",
                summary.rows().size(), summary.planned(),
                summary.missing() > 0 ? " (" + summary.missing() + " missing)" : "", target);
        return 0;
    }
}
