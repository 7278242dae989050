package io.github.nightlymigration.notebook;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import javax.lang.model.SourceVersion;

/**
 * The cell the runner adds after the cell tagged {@code parameters}, like papermill's
 * injected-parameters cell, so the notebook's parameters cell keeps its defaults and documents the
 * parameters' types. The values travel as system properties, not as literals in the cell: the cell's
 * source (and so its compiled form, see {@link CompiledCellCache}) is the same every night while the
 * run folder and the flags change. The cell prints the values it took, for the executed notebook.
 */
final class InjectedParameters implements AutoCloseable {
    static final String PARAMETERS_TAG = "parameters";
    static final String INJECTED_TAG = "injected-parameters";
    private static final String PROPERTY_PREFIX = "notebook.parameter.";

    private static final Pattern NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    private final Map<String, String> earlier = new HashMap<>();

    /** Sets the parameters as system properties until {@link #close()}. */
    private InjectedParameters(Map<String, String> parameters) {
        parameters.forEach((name, value) -> earlier.put(name, System.setProperty(PROPERTY_PREFIX + name, value)));
    }

    static InjectedParameters set(Map<String, String> parameters) {
        return new InjectedParameters(parameters);
    }

    /**
     * One assignment per parameter, in name order (the source must not depend on a map's order), that
     * keeps the parameters cell's value where no property is set (the executed notebook run again in
     * Jupyter); then one line of output per parameter.
     */
    static String cellSource(Collection<String> names) {
        StringBuilder assignments = new StringBuilder("// Parameters injected by NotebookRunner (system properties "
                + PROPERTY_PREFIX + "NAME)\n");
        StringBuilder prints = new StringBuilder();
        for (String name : new TreeSet<>(names)) {
            if (!NAME.matcher(name).matches() || SourceVersion.isKeyword(name)) {
                throw new IllegalArgumentException("parameter name '" + name + "' is not a Java variable name");
            }
            assignments.append(name).append(" = System.getProperty(\"").append(PROPERTY_PREFIX).append(name)
                    .append("\", ").append(name).append(");\n");
            prints.append("System.out.println(\"").append(name).append(" = \" + ").append(name).append(");\n");
        }
        return assignments.append(prints).toString();
    }

    @Override
    public void close() {
        earlier.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(PROPERTY_PREFIX + name);
            } else {
                System.setProperty(PROPERTY_PREFIX + name, value);
            }
        });
    }
}
