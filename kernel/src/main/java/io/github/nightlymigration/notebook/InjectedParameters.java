package io.github.nightlymigration.notebook;

import java.util.Map;
import java.util.regex.Pattern;

import javax.lang.model.SourceVersion;

/**
 * The cell the runner adds after the cell tagged {@code parameters}, like papermill's
 * injected-parameters cell: one {@code name = "value";} assignment per {@code --param}, so the
 * notebook's parameters cell keeps its defaults and documents the parameters' types.
 */
final class InjectedParameters {
    static final String PARAMETERS_TAG = "parameters";
    static final String INJECTED_TAG = "injected-parameters";

    private static final Pattern NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    private InjectedParameters() {
    }

    static String cellSource(Map<String, String> parameters) {
        StringBuilder source = new StringBuilder("// Parameters injected by NotebookRunner\n");
        parameters.forEach((name, value) -> {
            if (!NAME.matcher(name).matches() || SourceVersion.isKeyword(name)) {
                throw new IllegalArgumentException("parameter name '" + name + "' is not a Java variable name");
            }
            source.append(name).append(" = ").append(stringLiteral(value)).append(";\n");
        });
        return source.toString();
    }

    /**
     * A Java string literal for any text. Control characters become octal escapes, not {@code \\uXXXX}:
     * the compiler turns unicode escapes into characters before it reads the literal, so an escaped line
     * break would still end the line.
     */
    static String stringLiteral(String value) {
        StringBuilder literal = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> literal.append("\\\\");
                case '"' -> literal.append("\\\"");
                case '\n' -> literal.append("\\n");
                case '\r' -> literal.append("\\r");
                case '\t' -> literal.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        literal.append(String.format("\\%03o", (int) c));
                    } else {
                        literal.append(c);
                    }
                }
            }
        }
        return literal.append('"').toString();
    }
}
