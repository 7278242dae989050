package io.github.nightlymigration.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.MigratorSettings;
import io.github.nightlymigration.Progress;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** What the notebooks get to show: HTML tables, drawn PNG charts, a progress board whose text is one line per step. */
class NotebookOutputTest {
    @Test
    void aTableIsAnHtmlTableThatSaysWhenItIsCut() {
        Table t = Table.create("big <one>", IntColumn.indexColumn("n", 250, 1));
        Map<String, String> bundle = NotebookOutput.bundle(t);
        String html = bundle.get("text/html");
        assertTrue(html.startsWith("<table") && html.contains("big &lt;one&gt;</caption>"), html);
        assertEquals(TableHtml.MAX_ROWS, html.split("<tr>").length - 2, "header row + shown rows");
        assertTrue(html.contains("first 200 of 250 rows shown"), html);
        assertTrue(bundle.get("text/plain").contains("big <one>"));
        assertNull(NotebookOutput.bundle("just text"));
    }

    @Test
    void settingsAreATableWithSecretsMaskedAndHeadersAlignedAsTheirColumns() {
        MigratorSettings settings = MigratorSettings.fromMap(Map.of(
                "MIGRATOR_OLD_URL", "jdbc:postgresql://db/old?user=reader&password=hunter2",
                "MIGRATOR_NEW_URL", "jdbc:postgresql://db/new", "MIGRATOR_NEW_PASSWORD", "s3cret", "MIGRATOR_STATE_DIR", "/srv/state"));
        Table t = SettingsTable.of(settings, "export to", "/srv/export");
        String html = NotebookOutput.bundle(t).get("text/html");
        assertEquals("/srv/export", t.stringColumn("value").get(t.rowCount() - 1));
        assertTrue(t.stringColumn("setting").asList().containsAll(List.of("old database", "new database", "state dir")));
        assertTrue(!html.contains("hunter2") && !html.contains("s3cret") && html.contains("(password set)"), html);
        assertTrue(html.contains("<th style=\"text-align:left\">setting</th>"), html);
        Table counts = Table.create("c", StringColumn.create("table", "users"), IntColumn.create("rows", new int[] {5}));
        assertTrue(NotebookOutput.bundle(counts).get("text/html").contains("<th style=\"text-align:right\">rows</th>"));
        assertThrows(IllegalArgumentException.class, () -> SettingsTable.of(settings, "lonely name"));
    }

    @Test
    void aChartIsADrawnPngAndAHighlightedBarIsRed() throws Exception {
        Table nights = Table.create("runs", StringColumn.create("run", "mon", "tue", "wed"),
                IntColumn.create("rows", 100, 40, 100), BooleanColumn.create("dropped", false, true, false));
        Map<String, String> bundle = NotebookOutput.bundle(Charts.highlighting("rows per night", nights, "run", "dropped", "rows"));
        assertEquals("chart: rows per night (3 points)", bundle.get("text/plain"));
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(bundle.get("image/png"))));
        assertEquals(900, png.getWidth());
        assertTrue(count(png, 0xE15759) > 500 && count(png, 0x4E79A7) > 1000, "one red bar, two blue ones");
        BufferedImage plain = ImageIO.read(new ByteArrayInputStream(Charts.of(nights.removeColumns("dropped")).png()));
        assertEquals(0, count(plain, 0xE15759), "no highlight asked, none drawn");
    }

    @Test
    void chartOfManyCategoriesIsHorizontalBarsOfTheTopWithTheRestSummed() throws Exception {
        int people = 1_675;
        StringColumn email = StringColumn.create("email");
        IntColumn comments = IntColumn.create("comments");
        long total = 0;
        for (int i = 0; i < people; i++) {
            email.append("someone.with.a.long.name." + i + "@creative-agency.example.org");
            int n = (i * 7919) % 400 + 1;
            comments.append(n);
            total += n;
        }
        Table t = Table.create("old: SELECT u.email, count(*) AS comments FROM comments c JOIN users u ON u.id = c.user_id",
                email, comments);
        Charts.Chart chart = Charts.of(t);
        assertEquals("chart: comments by email (old) (20 points)", chart.toString(), "a short title, not the SQL");
        org.jfree.chart.plot.CategoryPlot plot = chart.jfreeChart().getCategoryPlot();
        assertEquals(org.jfree.chart.plot.PlotOrientation.HORIZONTAL, plot.getOrientation());
        var data = plot.getDataset();
        assertEquals(ChartShape.TOP, data.getColumnCount());
        assertEquals(400.0, data.getValue(0, 0).doubleValue(), "the largest first");
        double drawn = 0;
        for (int c = 0; c < data.getColumnCount(); c++) drawn += data.getValue(0, c).doubleValue();
        String subtitle = ((List<?>) chart.jfreeChart().getSubtitles()).stream()
                .filter(org.jfree.chart.title.TextTitle.class::isInstance)
                .map(s -> ((org.jfree.chart.title.TextTitle) s).getText()).findFirst().orElse("no subtitle");
        assertEquals(String.format("the largest 20 of 1,675; the other 1,655: comments %,d", total - (long) drawn), subtitle,
                "nothing lost: the rest is summed");
        Path png = Files.createDirectories(Path.of("target", "charts")).resolve("many-categories.png");
        Files.write(png, chart.png()); // to look at

        Table few = Table.create("requests by status", StringColumn.create("status", "open", "closed", "draft"),
                IntColumn.create("requests", 5, 9, 1));
        assertEquals(org.jfree.chart.plot.PlotOrientation.VERTICAL, Charts.of(few).jfreeChart().getCategoryPlot().getOrientation());
        assertEquals("chart: requests by status (3 points)", Charts.of(few).toString(), "a caption is kept");
        Table series = Table.create("n", IntColumn.indexColumn("night", 60, 1), IntColumn.indexColumn("rows", 60, 100));
        assertTrue(Charts.of(series).jfreeChart().getCategoryPlot().getRenderer()
                instanceof org.jfree.chart.renderer.category.LineAndShapeRenderer, "a number axis: lines");
    }

    @Test
    void progressTextIsOneLinePerFinishedStepAndHtmlIsTheLiveBoard() {
        ProgressBoard board = new ProgressBoard();
        int[] changes = {0};
        board.onChange(() -> changes[0]++);
        assertEquals("progress: started", board.toString());
        board.update("users", 10, 25);
        board.update("users", 25, 25);
        board.update("orders", 3, 250);
        assertTrue(board.toString().matches("users: 25 done in [0-9.]+ s"), board.toString());
        assertTrue(board.toHtml().contains("<progress value=\"3\" max=\"250\">"), board.toHtml());
        assertEquals(3, changes[0], "each step's start and end; not the update a moment later");
        assertTrue(board.toHtml().matches(".*running since \\d\\d:\\d\\d, last update \\d\\d:\\d\\d:\\d\\d.*"), board.toHtml());
    }

    @Test
    void anEndedBoardSaysHowItEndedInsteadOfRunning() {
        ProgressBoard board = new ProgressBoard();
        int[] changes = {0};
        board.onChange(() -> changes[0]++);
        board.update("keys, indexes, foreign keys", 2, 14, "index comments_request_id_idx");
        assertTrue(board.toHtml().contains("index comments_request_id_idx"), "what is being built: " + board.toHtml());
        board.ended(Progress.Ending.STOPPED, "stopped by the operator: nothing was published");
        assertEquals(2, changes[0], "the end is shown at once");
        assertFalse(board.toHtml().contains("running since"), board.toHtml());
        assertFalse(board.toHtml().contains("index comments_request_id_idx"), "nothing is being built any more");
        assertTrue(board.toHtml().matches(".*stopped by the operator: nothing was published \\(at \\d\\d:\\d\\d:\\d\\d, started \\d\\d:\\d\\d\\).*"),
                board.toHtml());
        assertTrue(board.toString().endsWith(")"), "the cron log's text ends with how the work ended: " + board);
    }

    private static int count(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) n++;
        }
        return n;
    }
}
