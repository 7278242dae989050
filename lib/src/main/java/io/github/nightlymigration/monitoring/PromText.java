package io.github.nightlymigration.monitoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prometheus' text exposition format, gauges only: per metric one {@code # HELP} and one {@code # TYPE} line, then
 * its samples. The same name must carry the same help in every file node_exporter reads, so the help texts live
 * here with the names ({@link CommandMetrics}), not at the call sites.
 */
final class PromText {
    private record Sample(Map<String, String> labels, double value) {}

    private record Family(String help, List<Sample> samples) {}

    private final Map<String, Family> families = new LinkedHashMap<>();

    /** @param labels name, value, name, value ... */
    PromText gauge(String name, String help, double value, String... labels) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) map.put(labels[i], labels[i + 1]);
        families.computeIfAbsent(name, n -> new Family(help, new ArrayList<>())).samples().add(new Sample(map, value));
        return this;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        families.forEach((name, family) -> {
            out.append("# HELP ").append(name).append(' ').append(family.help().replace("\\", "\\\\").replace("\n", "\\n"))
                    .append('\n').append("# TYPE ").append(name).append(" gauge\n");
            for (Sample s : family.samples()) {
                out.append(name);
                if (!s.labels().isEmpty()) {
                    List<String> pairs = new ArrayList<>();
                    s.labels().forEach((k, v) -> pairs.add(k + "=\"" + escape(v) + "\""));
                    out.append('{').append(String.join(",", pairs)).append('}');
                }
                out.append(' ').append(number(s.value())).append('\n');
            }
        });
        return out.toString();
    }

    private static String escape(String labelValue) {
        return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
