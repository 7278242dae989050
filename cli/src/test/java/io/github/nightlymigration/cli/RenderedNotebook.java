package io.github.nightlymigration.cli;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * An executed notebook as a person sees it: nbconvert's HTML opened in Debian's headless Chromium with
 * every host name unresolvable (no network, so nothing from a CDN), its DOM after scripts ran, and a
 * screenshot kept for a human look.
 */
final class RenderedNotebook {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    /** One code cell: its source text and its outputs as rendered. */
    record Cell(String source, List<Element> outputs) {
        String outputText() {
            return String.join("\n", outputs.stream().map(Element::text).toList());
        }

        boolean hasTable() {
            return outputs.stream().anyMatch(o -> !o.select("table").isEmpty());
        }

        /** PNG images in the outputs that hold a real drawing: a sizeable picture of many colours, not a blank box. */
        List<BufferedImage> drawnImages() {
            List<BufferedImage> drawn = new ArrayList<>();
            for (Element img : outputs.stream().flatMap(o -> o.select("img[src^=data:image/png;base64,]").stream()).toList()) {
                byte[] png = Base64.getMimeDecoder().decode(img.attr("src").substring("data:image/png;base64,".length()));
                try {
                    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
                    if (image != null && image.getWidth() >= 400 && image.getHeight() >= 200 && colours(image) >= 20) {
                        drawn.add(image);
                    }
                } catch (IOException e) {
                    // not an image: not drawn
                }
            }
            return drawn;
        }

        private static int colours(BufferedImage image) {
            Set<Integer> seen = new HashSet<>();
            for (int y = 0; y < image.getHeight(); y += 3) {
                for (int x = 0; x < image.getWidth(); x += 3) seen.add(image.getRGB(x, y));
            }
            return seen.size();
        }
    }

    final Document dom;
    final Path screenshot;

    private RenderedNotebook(Document dom, Path screenshot) {
        this.dom = dom;
        this.screenshot = screenshot;
    }

    /** Renders {@code executed} to HTML beside the screenshot folder, then loads it in Chromium. */
    static RenderedNotebook of(Path executed, Path htmlDir, Path screenshot, CommandRunner nbconvert) throws Exception {
        Files.createDirectories(htmlDir);
        Files.createDirectories(screenshot.getParent());
        nbconvert.run(List.of("/usr/bin/jupyter", "nbconvert", "--to", "html", "--output-dir", htmlDir.toString(),
                executed.toString()));
        String name = executed.getFileName().toString().replaceAll("\\.ipynb$", ".html");
        Path html = htmlDir.resolve(name);
        String dom = chromium(htmlDir, "--dump-dom", html);
        chromium(htmlDir, "--screenshot=" + screenshot + " --window-size=1300,6000", html);
        return new RenderedNotebook(Jsoup.parse(dom), screenshot);
    }

    List<Cell> codeCells() {
        List<Cell> cells = new ArrayList<>();
        for (Element cell : dom.select("div.jp-CodeCell")) {
            cells.add(new Cell(cell.select(".jp-InputArea").text(), cell.select(".jp-OutputArea-output")));
        }
        return cells;
    }

    /** Outputs printed to stderr or raised as errors (nbconvert marks both with the stderr MIME type). */
    List<Element> stderrOutputs() {
        List<Element> out = new ArrayList<>(dom.select("[data-mime-type=application/vnd.jupyter.stderr]"));
        out.addAll(dom.select(".jp-OutputArea-output.jp-RenderedText[data-mime-type*=error]"));
        return out;
    }

    private static String chromium(Path workDir, String action, Path html) throws Exception {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--hide-scrollbars", "--host-resolver-rules=MAP * ~NOTFOUND",
                "--user-data-dir=" + workDir.resolve("chromium-profile"), "--virtual-time-budget=8000"));
        command.addAll(List.of(action.split(" ")));
        command.add(html.toUri().toString());
        Path stdout = Files.createTempFile(workDir, "chromium", ".out");
        Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish within 120 s: " + command);
        }
        if (p.exitValue() != 0) throw new IllegalStateException("chromium exited " + p.exitValue() + ": " + command);
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    /** Runs a command (with the test's Jupyter environment) and fails the test on a non-zero exit. */
    @FunctionalInterface
    interface CommandRunner {
        String run(List<String> command) throws Exception;
    }
}
