package io.routewise.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

class EvalReportWriterTest {

    @TempDir
    Path tmp;

    private static final Instant T0 = Instant.parse("2026-11-14T03:00:00Z");

    static ModelSection drifted(String model) {
        List<HistoryPoint> history = new ArrayList<>();
        for (int day = 0; day < 6; day++) {
            history.add(new HistoryPoint("r" + day, T0.plus(Duration.ofDays(day)), 0.8 + (day % 2) * 0.02, 100, false));
        }
        history.add(new HistoryPoint("2026-11-21T03:00Z-ab12", T0.plus(Duration.ofDays(7)), 0.41, 100, true));
        return new ModelSection(model, "openai", "drift", 0.41, 100, 3, 812.0, 0.80, 0.7, 0.9,
                List.of("pass rate 0.41 is below the baseline band 0.70–0.90 (p < 0.01)"), history,
                List.of(new TaskRow("math", 0.2, 50, 0.75), new TaskRow("chat", 0.62, 50, 0.85)), 0.62, 0.48);
    }

    static ModelSection steady(String model) {
        return new ModelSection(model, "anthropic", "ok", 0.9, 120, 0, 640.0, 0.88, 0.82, 0.93, List.of(),
                List.of(new HistoryPoint("r0", T0, 0.87, 120, false)), List.of(), null, null);
    }

    static EvalReportData run(String runId, Instant startedAt, List<ModelSection> models, String weights) {
        return new EvalReportData(runId, startedAt, startedAt.plusSeconds(754), "completed", "schedule",
                List.of("eval-sets/general.jsonl"), 200, 1.20, 0.84, weights, models);
    }

    static Document parse(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(Files.readAllBytes(file)));
    }

    static NodeList xpath(Document doc, String expr) throws Exception {
        return (NodeList) XPathFactory.newInstance().newXPath().evaluate(expr, doc, XPathConstants.NODESET);
    }

    @Test
    void theReportIsWellFormedSelfContainedAndHasOneChartPerModel() throws Exception {
        Path report = EvalReportWriter.write(tmp, run("2026-11-21T03:00Z-ab12", T0.plus(Duration.ofDays(7)),
                List.of(drifted("gpt-4o-mini"), steady("claude-3-haiku")), "v3"));

        assertThat(report).isEqualTo(tmp.resolve("eval-2026-11-21T03_00Z-ab12.html"));
        String html = Files.readString(report);
        Document doc = parse(report);   // strict XML parser: throws when not well-formed
        assertThat(xpath(doc, "//svg").getLength()).isEqualTo(2);
        assertThat(html.split("<svg", -1)).hasSize(3);
        assertThat(xpath(doc, "//table[@class='summary']/tbody/tr").getLength()).isEqualTo(2);
        assertThat(xpath(doc, "//section[@class='model']").getLength()).isEqualTo(2);
        assertThat(xpath(doc, "//table[@class='tasks']/tbody/tr").getLength()).isEqualTo(2);
        assertThat(html).doesNotContain("<script").doesNotContain("http://").doesNotContain("https://")
                .doesNotContain("<link").doesNotContain("src=");
        assertThat(html).contains("gpt-4o-mini").contains("0.62 → 0.48").contains("812 ms").contains("-0.39")
                .contains("v3 written by this run").contains("12m 34s");
    }

    @Test
    void modelNamesAndReasonsAreEscaped() throws Exception {
        ModelSection evil = new ModelSection("<script>alert(1)</script>", "p&q", "drift", 0.1, 10, 0, null, null,
                null, null, List.of("\"quoted\" <b>reason</b>"), List.of(), List.of(new TaskRow("<i>t</i>", 0.1, 10, null)),
                null, null);
        Path report = EvalReportWriter.write(tmp, run("r1", T0, List.of(evil), null));
        String html = Files.readString(report);

        assertThat(html).doesNotContain("<script").doesNotContain("<b>reason").doesNotContain("<i>t");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("p&amp;q")
                .contains("&quot;quoted&quot; &lt;b&gt;reason&lt;/b&gt;");
        Document doc = parse(report);
        assertThat(xpath(doc, "//section[@class='model']/h2").item(0).getTextContent())
                .startsWith("<script>alert(1)</script>");
    }

    @Test
    void theBaselineBandSpansTheBaselineInterval() throws Exception {
        Path report = EvalReportWriter.write(tmp, run("r1", T0.plus(Duration.ofDays(7)), List.of(drifted("m")), null));
        Element band = (Element) xpath(parse(report), "//rect[@class='band']").item(0);

        // plot: top 16 (rate 1) to 200 (rate 0), 184 px; band 0.70–0.90 → y 34.4, height 36.8
        assertThat(band.getAttribute("y")).isEqualTo("34.4");
        assertThat(band.getAttribute("height")).isEqualTo("36.8");
        assertThat(band.getAttribute("x")).isEqualTo(String.valueOf(PassRateChart.LEFT));
        assertThat(band.getAttribute("width")).isEqualTo(String.valueOf(PassRateChart.PLOT_WIDTH));
        Element baseline = (Element) xpath(parse(report), "//line[@class='baseline']").item(0);
        assertThat(baseline.getAttribute("y1")).isEqualTo("52.8");   // 16 + 0.2 * 184
    }

    @Test
    void aModelWithoutBaselineHasNoBand() throws Exception {
        ModelSection fresh = new ModelSection("m", "p", "no_baseline", 0.7, 30, 0, null, null, null, null,
                List.of(), List.of(), List.of(), null, null);
        Document doc = parse(EvalReportWriter.write(tmp, run("r1", T0, List.of(fresh), null)));
        assertThat(xpath(doc, "//rect[@class='band']").getLength()).isZero();
        assertThat(xpath(doc, "//line[@class='baseline']").getLength()).isZero();
        // this run is drawn even when the caller's history is empty
        assertThat(xpath(doc, "//circle").getLength()).isEqualTo(1);
    }

    @Test
    void driftedRunsAreRedPointsAndTheOthersAreNot() throws Exception {
        Document doc = parse(EvalReportWriter.write(tmp, run("2026-11-21T03:00Z-ab12", T0.plus(Duration.ofDays(7)),
                List.of(drifted("m")), null)));
        NodeList drift = xpath(doc, "//circle[@class='point drift']");
        NodeList normal = xpath(doc, "//circle[@class='point']");
        assertThat(drift.getLength()).isEqualTo(1);
        assertThat(normal.getLength()).isEqualTo(6);   // the run is in the history already: not added twice
        Element red = (Element) drift.item(0);
        assertThat(red.getAttribute("fill")).isEqualTo(PassRateChart.DRIFT_COLOUR);
        assertThat(red.getAttribute("cy")).isEqualTo("124.6");   // 16 + 0.59 * 184 = 124.56
        assertThat(red.getTextContent()).contains("2026-11-21T03:00Z-ab12").contains("0.41").contains("drift");
        for (int i = 0; i < normal.getLength(); i++) {
            assertThat(((Element) normal.item(i)).getAttribute("fill")).isNotEqualTo(PassRateChart.DRIFT_COLOUR);
        }
        // points run left to right in time
        double previous = -1;
        for (Node point : nodes(xpath(doc, "//circle"))) {
            double cx = Double.parseDouble(((Element) point).getAttribute("cx"));
            assertThat(cx).isGreaterThan(previous);
            previous = cx;
        }
    }

    @Test
    void theChartHasLabelledAxes() throws Exception {
        Document doc = parse(EvalReportWriter.write(tmp, run("r1", T0.plus(Duration.ofDays(7)), List.of(drifted("m")), null)));
        List<String> ticks = new ArrayList<>();
        for (Node t : nodes(xpath(doc, "//svg//text[@class='tick']"))) {
            ticks.add(t.getTextContent());
        }
        assertThat(ticks).contains("0.00", "0.25", "0.50", "0.75", "1.00", "11-14", "11-21");
        assertThat(xpath(doc, "//svg//text[@class='axis-label']").getLength()).isEqualTo(2);
    }

    @Test
    void theIndexListsReportsNewestFirst() throws Exception {
        EvalReportWriter.write(tmp, run("middle", T0.plus(Duration.ofDays(1)), List.of(steady("m")), null));
        EvalReportWriter.write(tmp, run("newest", T0.plus(Duration.ofDays(2)), List.of(drifted("m")), "v2"));
        EvalReportWriter.write(tmp, run("oldest", T0, List.of(steady("m")), null));   // written last, ran first

        Document index = parse(tmp.resolve("index.html"));
        List<String> links = new ArrayList<>();
        for (Node a : nodes(xpath(index, "//table[@class='runs']//a"))) {
            links.add(((Element) a).getAttribute("href") + " " + a.getTextContent());
        }
        assertThat(links).containsExactly("eval-newest.html newest", "eval-middle.html middle",
                "eval-oldest.html oldest");
        assertThat(Files.readString(tmp.resolve("index.html"))).contains("drift: m (pass 0.41 vs 0.80)");
    }

    @Test
    void summaryLineNamesCountsCostDriftAndWeights() {
        EvalReportData data = run("2026-11-21T03:00Z-ab12", T0, List.of(drifted("gpt-4o-mini"), steady("claude")), "v3");
        assertThat(EvalReportWriter.summaryLine(data)).isEqualTo("eval run 2026-11-21T03:00Z-ab12: 2 models, "
                + "220 answers, spent $0.84 of $1.20 estimated; drift: gpt-4o-mini (pass 0.41 vs 0.80); weights v3");

        EvalReportData calm = new EvalReportData("r2", T0, null, "budget_exceeded", "cli", List.of(), 10, 0.5, 0.1,
                null, List.of(steady("claude")));
        assertThat(EvalReportWriter.summaryLine(calm)).isEqualTo("eval run r2 (budget_exceeded): 1 model, 120 answers, "
                + "spent $0.10 of $0.50 estimated; no drift; weights unchanged");
    }

    @Test
    void rewritingARunReplacesItsReport() throws Exception {
        EvalReportWriter.write(tmp, run("r1", T0, List.of(steady("first")), null));
        EvalReportWriter.write(tmp, run("r1", T0, List.of(steady("second")), null));
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("eval-r1.html", "index.html");
        }
        assertThat(Files.readString(tmp.resolve("eval-r1.html"))).contains("second").doesNotContain("first");
    }

    private static List<Node> nodes(NodeList list) {
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            out.add(list.item(i));
        }
        return out;
    }
}
