package pinn4j.app.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import pinn4j.solver.settings.Setting;
import pinn4j.solver.settings.TrainingSettings;

/** {@code pinn settings}: every training setting with its flag, allowed values, default and meaning. */
@Command(name = "settings", mixinStandardHelpOptions = true,
        description = "List every training setting: its name in files and batch axes, its flag, the values it takes,"
                + " its default and what it does (a Markdown table).")
final class SettingsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.print(table());
        return 0;
    }

    /**
     * The settings as a Markdown table, in declaration order.
     *
     * @return the table, one line per setting, ending with a newline
     */
    static String table() {
        List<String> rows = new ArrayList<>();
        rows.add("| setting | flag | values | default | applies to | what it does |");
        rows.add("| --- | --- | --- | --- | --- | --- |");
        Set<String> flags = Arrays.stream(TrainingOptions.class.getDeclaredFields())
                .map(field -> field.getAnnotation(Option.class)).filter(Objects::nonNull)
                .flatMap(option -> Arrays.stream(option.names())).collect(Collectors.toSet());
        for (Setting setting : TrainingSettings.ALL) {
            String negated = "--no-" + setting.flag().substring(2);
            String flag = flags.contains(setting.flag()) ? "`" + setting.flag() + "`"
                    : flags.contains(negated) ? "`" + negated + "`" : "`--set " + setting.name() + "=...`";
            rows.add(String.format("| `%s` | %s | %s | %s | %s | %s |", setting.name(), flag,
                    setting.kind().describe().replace("|", "\\|"), setting.defaultText(), scope(setting.group()),
                    setting.doc()));
        }
        return String.join("\n", rows) + "\n";
    }

    private static String scope(Setting.Group group) {
        return switch (group) {
            case MODEL -> "the run";
            case PLAN -> "the default plan (not with stages)";
            case FIRST_ORDER -> "first-order stages";
            case SECOND_ORDER -> "second-order stages";
        };
    }
}
