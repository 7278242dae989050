package io.github.nightlymigration.notebook;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import jdk.jshell.spi.ExecutionControl.ClassBytecodes;

/**
 * What JShell made of a notebook's cells: the classes it compiled them into and, cell by cell and
 * snippet by snippet, what it loaded and ran in which order. Replaying that ({@link CompiledCellReplay})
 * runs the very bytecode JShell ran, without JShell or javac. Kept as a zip: {@code cells.json} and
 * {@code classes/NAME.class}, readable with {@code unzip} and {@code javap}.
 */
final class CompiledCells {
    private static final int FORMAT = 1;
    private static final String STEPS = "cells.json";
    private static final String CLASSES = "classes/";

    /** One thing JShell did: load a class, or run a snippet class's {@code do_it$}. */
    record Op(boolean invoke, String className) {}

    /**
     * One snippet's operations; {@code showsValue}: the cell shows what the last run returned, as
     * {@link CellEngine} decides for an expression.
     */
    record Snippet(List<Op> ops, boolean showsValue) {}

    /** One cell (the first is the engine's prelude), known by its source so a replay cannot run another cell's code. */
    record Cell(String source, List<Snippet> snippets) {}

    private final Map<String, byte[]> classes;
    private final List<Cell> cells;

    private CompiledCells(Map<String, byte[]> classes, List<Cell> cells) {
        this.classes = classes;
        this.cells = cells;
    }

    List<Cell> cells() {
        return cells;
    }

    /** The bytecode JShell loaded under this name, or null. */
    byte[] classBytes(String name) {
        return classes.get(name);
    }

    void write(Path file) throws IOException {
        JsonArray cellsJson = new JsonArray();
        for (Cell cell : cells) {
            JsonArray snippets = new JsonArray();
            for (Snippet snippet : cell.snippets()) {
                JsonArray ops = new JsonArray();
                snippet.ops().forEach(op -> ops.add((op.invoke() ? "invoke " : "load ") + op.className()));
                JsonObject s = new JsonObject();
                s.add("ops", ops);
                s.addProperty("shows_value", snippet.showsValue());
                snippets.add(s);
            }
            JsonObject c = new JsonObject();
            c.addProperty("source", cell.source());
            c.add("snippets", snippets);
            cellsJson.add(c);
        }
        JsonObject steps = new JsonObject();
        steps.addProperty("format", FORMAT);
        steps.add("cells", cellsJson);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(STEPS));
            zip.write(steps.toString().getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                zip.putNextEntry(new ZipEntry(CLASSES + c.getKey() + ".class"));
                zip.write(c.getValue());
            }
        }
    }

    /** @throws IOException the file cannot be read or is not a compiled notebook of this format */
    static CompiledCells read(Path file) throws IOException {
        Map<String, byte[]> classes = new HashMap<>();
        JsonObject steps = null;
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                String name = entry.getName();
                if (name.equals(STEPS)) {
                    steps = JsonParser.parseString(new String(zip.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
                } else if (name.startsWith(CLASSES) && name.endsWith(".class")) {
                    classes.put(name.substring(CLASSES.length(), name.length() - ".class".length()), zip.readAllBytes());
                }
            }
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a compiled notebook: " + e.getMessage(), e);
        }
        if (steps == null || !steps.has("format") || steps.get("format").getAsInt() != FORMAT) {
            throw new IOException(file + " is not a compiled notebook of format " + FORMAT);
        }
        List<Cell> cells = new ArrayList<>();
        for (var c : steps.getAsJsonArray("cells")) {
            List<Snippet> snippets = new ArrayList<>();
            for (var s : c.getAsJsonObject().getAsJsonArray("snippets")) {
                List<Op> ops = new ArrayList<>();
                for (var op : s.getAsJsonObject().getAsJsonArray("ops")) {
                    String[] parts = op.getAsString().split(" ", 2);
                    ops.add(new Op(parts[0].equals("invoke"), parts[1]));
                }
                snippets.add(new Snippet(ops, s.getAsJsonObject().get("shows_value").getAsBoolean()));
            }
            cells.add(new Cell(c.getAsJsonObject().get("source").getAsString(), snippets));
        }
        return new CompiledCells(classes, cells);
    }

    /**
     * Told by the execution control what JShell loads and runs, and by {@link CellEngine} where
     * snippets and cells end. Anything it cannot replay faithfully (one class name loaded twice with
     * different bytecode) makes the recording unusable rather than wrong.
     */
    static final class Recorder {
        private final Map<String, byte[]> classes = new LinkedHashMap<>();
        private final List<Cell> cells = new ArrayList<>();
        private List<Snippet> snippets = new ArrayList<>();
        private List<Op> ops = new ArrayList<>();
        private final Set<String> problems = new HashSet<>();

        void loaded(ClassBytecodes[] loaded) {
            for (ClassBytecodes c : loaded) {
                byte[] earlier = classes.putIfAbsent(c.name(), c.bytecodes());
                if (earlier != null && !Arrays.equals(earlier, c.bytecodes())) {
                    problems.add("class " + c.name() + " loaded twice with different bytecode");
                }
                ops.add(new Op(false, c.name()));
            }
        }

        void invoked(String className) {
            ops.add(new Op(true, className));
        }

        void endSnippet(boolean showsValue) {
            snippets.add(new Snippet(List.copyOf(ops), showsValue));
            ops = new ArrayList<>();
        }

        void endCell(String source) {
            cells.add(new Cell(source, List.copyOf(snippets)));
            snippets = new ArrayList<>();
        }

        /** @return the recording, or null if it cannot be replayed faithfully */
        CompiledCells finish() {
            return problems.isEmpty() ? new CompiledCells(Map.copyOf(classes), List.copyOf(cells)) : null;
        }
    }
}
