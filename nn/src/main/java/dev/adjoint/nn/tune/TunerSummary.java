package dev.adjoint.nn.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The results table of a search (Keras Tuner's {@code results_summary}). */
final class TunerSummary {

    private TunerSummary() {
    }

    static String of(Tuner tuner, List<Trial> ranked, List<Trial> all) {
        List<String> names = tuner.space().parameters().stream().map(Hyperparameter::name).toList();
        List<String> header = new ArrayList<>(List.of("rank", "trial", tuner.objective().metric(), "epoch"));
        header.addAll(names);
        List<List<String>> rows = new ArrayList<>();
        int rank = 1;
        for (Trial t : ranked) {
            rows.add(row(String.valueOf(rank++), t, names, String.format(Locale.ROOT, "%.4f", t.score()),
                    (t.bestEpoch() + 1) + "/" + t.epochs()));
        }
        for (Trial t : all) {
            if (!t.completed()) {
                rows.add(row("-", t, names, t.status().name().toLowerCase(Locale.ROOT), "-"));
            }
        }
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = header.get(c).length();
            for (List<String> r : rows) {
                width[c] = Math.max(width[c], r.get(c).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Results of %s, objective %s: %d trials, %d completed%n",
                tuner.getClass().getSimpleName(), tuner.objective(), all.size(), ranked.size()));
        line(sb, header, width);
        for (List<String> r : rows) {
            line(sb, r, width);
        }
        return sb.toString();
    }

    private static List<String> row(String rank, Trial t, List<String> names, String score, String epoch) {
        List<String> r = new ArrayList<>(List.of(rank, String.valueOf(t.id()), score, epoch));
        for (String n : names) {
            Object v = t.hyperparameters().values().get(n);
            r.add(v == null ? "-" : v instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : v.toString());
        }
        return r;
    }

    private static void line(StringBuilder sb, List<String> cells, int[] width) {
        for (int c = 0; c < cells.size(); c++) {
            sb.append(c == 0 ? "" : "  ").append(String.format("%-" + width[c] + "s", cells.get(c)));
        }
        sb.append(System.lineSeparator());
    }
}
