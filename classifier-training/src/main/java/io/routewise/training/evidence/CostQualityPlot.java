package io.routewise.training.evidence;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws a data set's cost/quality evidence to a PNG with java.awt in headless mode: the router's
 * curve, the task oracle's curve, the random-mix line between always-cheapest and
 * always-strongest, and every single model as a point. Linear axes (the random mix is a straight
 * line only on a linear cost axis); cost in USD per 1,000 requests.
 */
public final class CostQualityPlot {

    public static final int WIDTH = 1200;
    public static final int HEIGHT = 800;

    private static final Color ROUTER = new Color(0x1f, 0x77, 0xb4);
    private static final Color ORACLE = new Color(0xff, 0x7f, 0x0e);
    private static final Color MIX = new Color(0x7f, 0x7f, 0x7f);
    private static final Color NEIGHBOURS = new Color(0x94, 0x67, 0xbd);
    private static final Color ROUTER_PRICE = new Color(0x17, 0xbe, 0xcf);
    private static final Color REQUEST_ORACLE = new Color(0xbc, 0xbd, 0x22);
    private static final Color STRONG = new Color(0xd6, 0x27, 0x28);
    private static final Color CHEAP = new Color(0x2c, 0xa0, 0x2c);
    private static final Color SINGLE = new Color(0x44, 0x44, 0x44);
    private static final Color GRID = new Color(0xe6, 0xe6, 0xe6);
    private static final int LEFT = 90;
    /** The legend sits in the right margin, clear of the data. */
    private static final int RIGHT = 330;
    private static final int TOP = 70;
    private static final int BOTTOM = 80;

    private CostQualityPlot() {
    }

    /** Writes the plot; the title names the data set and anything else worth saying (featurizer, n). */
    public static void write(CostQuality cq, String title, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            draw(g, cq, title);
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("no PNG writer in this JDK");
        }
    }

    private static void draw(Graphics2D g, CostQuality cq, String title) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);

        List<double[]> all = new ArrayList<>();
        cq.singleModels().forEach(p -> all.add(new double[] {p.meanCostUsd(), p.meanQuality()}));
        cq.router().forEach(p -> all.add(new double[] {p.meanCostUsd(), p.meanQuality()}));
        cq.taskOracle().forEach(p -> all.add(new double[] {p.meanCostUsd(), p.meanQuality()}));
        cq.neighbourBaseline().forEach(p -> all.add(new double[] {p.meanCostUsd(), p.meanQuality()}));
        cq.routerByPrice().forEach(p -> all.add(new double[] {p.meanCostUsd(), p.meanQuality()}));
        cq.requestOracle().forEach(p -> all.add(new double[] {p.meanCostUsd(), p.meanQuality()}));
        double xMax = 1000 * all.stream().mapToDouble(p -> p[0]).max().orElse(1) * 1.05;
        double xStep = niceStep(xMax / 8);
        xMax = Math.ceil(xMax / xStep) * xStep;
        // The y range covers the curves and the two baseline models; a single model far below
        // them is drawn as an arrow at the bottom edge, so the region that matters is not squashed.
        List<double[]> focus = new ArrayList<>();
        cq.router().forEach(p -> focus.add(new double[] {p.meanCostUsd(), p.meanQuality()}));
        cq.taskOracle().forEach(p -> focus.add(new double[] {p.meanCostUsd(), p.meanQuality()}));
        for (String m : List.of(cq.strongest(), cq.cheapest())) {
            focus.add(new double[] {cq.point(m).meanCostUsd(), cq.point(m).meanQuality()});
        }
        double focusMin = focus.stream().mapToDouble(p -> p[1]).min().orElse(0);
        // Single models up to 0.1 below the focus still fit in the range.
        double qMin = all.stream().mapToDouble(p -> p[1]).filter(q -> q >= focusMin - 0.1).min().orElse(focusMin);
        double qMax = all.stream().mapToDouble(p -> p[1]).max().orElse(1);
        double yStep = niceStep(Math.max(qMax - qMin, 0.05) / 8);
        double yMin = Math.max(0, Math.floor((qMin - yStep / 2) / yStep) * yStep);
        double yMax = Math.min(1, Math.ceil((qMax + yStep / 2) / yStep) * yStep);
        Axes ax = new Axes(0, xMax, yMin, yMax);

        // Grid, axes, ticks.
        Font tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
        g.setFont(tickFont);
        FontMetrics fm = g.getFontMetrics();
        for (double x = 0; x <= xMax + xStep / 2; x += xStep) {
            int px = ax.px(x);
            g.setColor(GRID);
            g.drawLine(px, TOP, px, HEIGHT - BOTTOM);
            g.setColor(Color.BLACK);
            g.drawLine(px, HEIGHT - BOTTOM, px, HEIGHT - BOTTOM + 5);
            String s = format(x, xStep);
            g.drawString(s, px - fm.stringWidth(s) / 2, HEIGHT - BOTTOM + 20);
        }
        for (double y = yMin; y <= yMax + yStep / 2; y += yStep) {
            int py = ax.py(y);
            g.setColor(GRID);
            g.drawLine(LEFT, py, WIDTH - RIGHT, py);
            g.setColor(Color.BLACK);
            g.drawLine(LEFT - 5, py, LEFT, py);
            String s = format(y, yStep);
            g.drawString(s, LEFT - 9 - fm.stringWidth(s), py + fm.getAscent() / 2 - 1);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
        g.setFont(labelFont);
        fm = g.getFontMetrics();
        String xLabel = "mean cost per 1,000 requests (USD)";
        g.drawString(xLabel, LEFT + (WIDTH - LEFT - RIGHT - fm.stringWidth(xLabel)) / 2, HEIGHT - BOTTOM + 50);
        String yLabel = "mean quality (logged outcome of the chosen model)";
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(yLabel, -(TOP + (HEIGHT - TOP - BOTTOM + fm.stringWidth(yLabel)) / 2), 30);
        rotated.dispose();
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        g.drawString(title, LEFT, 40);

        ModelPoint strong = cq.point(cq.strongest());
        ModelPoint cheap = cq.point(cq.cheapest());
        // Reference lines: the strongest model's quality, and 10 % of its cost.
        g.setFont(tickFont);
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {3f, 4f}, 0f));
        g.setColor(STRONG);
        g.drawLine(LEFT, ax.py(strong.meanQuality()), WIDTH - RIGHT, ax.py(strong.meanQuality()));
        double budget = 1000 * Headlines.BUDGET_SHARE * strong.meanCostUsd();
        g.drawLine(ax.px(budget), TOP, ax.px(budget), HEIGHT - BOTTOM);
        g.drawString("10 % of the strongest's cost", ax.px(budget) + 4, TOP + 16);

        // Random mix.
        g.setColor(MIX);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
        g.draw(new Line2D.Double(ax.x(1000 * cheap.meanCostUsd()), ax.y(cheap.meanQuality()),
                ax.x(1000 * strong.meanCostUsd()), ax.y(strong.meanQuality())));

        // Curves.
        curve(g, ax, cq.requestOracle(), REQUEST_ORACLE, 3);
        curve(g, ax, cq.neighbourBaseline(), NEIGHBOURS, 3);
        curve(g, ax, cq.taskOracle(), ORACLE, 4);
        curve(g, ax, cq.routerByPrice(), ROUTER_PRICE, 3);
        curve(g, ax, cq.router(), ROUTER, 6);

        // Single models, with labels kept apart; models below the y range sit at the bottom edge.
        g.setStroke(new BasicStroke(1.5f));
        List<Rectangle> placed = new ArrayList<>();
        List<ModelPoint> byQuality = new ArrayList<>(cq.singleModels());
        byQuality.sort(Comparator.comparingDouble(ModelPoint::meanQuality).reversed());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        fm = g.getFontMetrics();
        for (ModelPoint p : byQuality) {
            double x = ax.x(1000 * p.meanCostUsd());
            boolean below = p.meanQuality() < yMin;
            double y = below ? HEIGHT - BOTTOM - 9 : ax.y(p.meanQuality());
            Shape marker;
            Color color;
            if (below) {
                marker = triangleDown(x, y, 7);
                color = SINGLE;
            } else if (p.model().equals(cq.strongest())) {
                marker = diamond(x, y, 9);
                color = STRONG;
            } else if (p.model().equals(cq.cheapest())) {
                marker = new Rectangle2D.Double(x - 6, y - 6, 12, 12);
                color = CHEAP;
            } else {
                marker = new Ellipse2D.Double(x - 5, y - 5, 10, 10);
                color = SINGLE;
            }
            g.setColor(color);
            g.fill(marker);
            g.setColor(Color.BLACK);
            g.draw(marker);
            String label = below ? String.format(Locale.ROOT, "\u25bc %s: %.3f", p.model(), p.meanQuality()) : p.model();
            int w = fm.stringWidth(label);
            int lx = (int) x + 10;
            if (lx + w > WIDTH - RIGHT - 4) {
                lx = (int) x - 10 - w;
            }
            Rectangle box = new Rectangle(lx, (int) y - fm.getAscent() / 2 - 1, w, fm.getHeight());
            while (overlaps(box, placed)) {
                box.translate(0, below ? -fm.getHeight() : fm.getHeight() / 2);
            }
            placed.add(box);
            g.setColor(new Color(255, 255, 255, 200));
            g.fillRect(box.x - 1, box.y, box.width + 2, box.height);
            g.setColor(SINGLE);
            g.drawString(label, box.x, box.y + fm.getAscent());
        }
        legend(g, cq);
    }

    private static void curve(Graphics2D g, Axes ax, List<CurvePoint> points, Color color, int dot) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D path = new Path2D.Double();
        for (int i = 0; i < points.size(); i++) {
            double x = ax.x(1000 * points.get(i).meanCostUsd());
            double y = ax.y(points.get(i).meanQuality());
            if (i == 0) {
                path.moveTo(x, y);
            } else {
                path.lineTo(x, y);
            }
        }
        g.draw(path);
        for (CurvePoint p : points) {
            double x = ax.x(1000 * p.meanCostUsd());
            double y = ax.y(p.meanQuality());
            g.fill(new Ellipse2D.Double(x - dot / 2.0, y - dot / 2.0, dot, dot));
        }
    }

    private static void legend(Graphics2D g, CostQuality cq) {
        String[][] entries = {
            {"router", "quality margin 1 to 0"},
            {"router, price knob", "usd_per_quality_point swept"},
            {"task oracle", "knows each request's true task"},
            {"nearest-neighbour baseline", "TF-IDF, 50 nearest, quality - λ·cost"},
            {"per-request oracle", "knows every outcome (ceiling)"},
            {"random mix", "cheapest / strongest at random"},
            {"always-strongest", cq.strongest()},
            {"always-cheapest", cq.cheapest()},
            {"other single models", "\u25bc = below the y range"},
        };
        Font main = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        int lineH = 32;
        int x0 = WIDTH - RIGHT + 20;
        int y0 = TOP;
        int boxW = RIGHT - 30;
        int boxH = lineH * entries.length + 10;
        g.setColor(Color.WHITE);
        g.fillRect(x0, y0, boxW, boxH);
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(x0, y0, boxW, boxH);
        for (int i = 0; i < entries.length; i++) {
            int cy = y0 + 8 + i * lineH + 10;
            int sx = x0 + 10;
            switch (i) {
                case 0, 1, 2, 3, 4 -> {
                    g.setColor(i == 0 ? ROUTER : i == 1 ? ROUTER_PRICE : i == 2 ? ORACLE : i == 3 ? NEIGHBOURS
                            : REQUEST_ORACLE);
                    g.setStroke(new BasicStroke(2.5f));
                    g.drawLine(sx, cy, sx + 32, cy);
                    g.fill(new Ellipse2D.Double(sx + 13, cy - 3, 6, 6));
                }
                case 5 -> {
                    g.setColor(MIX);
                    g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
                    g.drawLine(sx, cy, sx + 32, cy);
                }
                default -> {
                    Shape m = i == 6 ? diamond(sx + 16, cy, 8) : i == 7 ? new Rectangle2D.Double(sx + 11, cy - 5, 10, 10)
                            : new Ellipse2D.Double(sx + 11, cy - 5, 10, 10);
                    g.setColor(i == 6 ? STRONG : i == 7 ? CHEAP : SINGLE);
                    g.fill(m);
                    g.setColor(Color.BLACK);
                    g.setStroke(new BasicStroke(1.5f));
                    g.draw(m);
                }
            }
            g.setColor(Color.BLACK);
            g.setFont(main);
            g.drawString(entries[i][0], sx + 44, cy + 5);
            g.setFont(small);
            g.setColor(SINGLE);
            g.drawString(entries[i][1], sx + 44, cy + 19);
        }

        // The headlines under the legend, wrapped to the margin.
        int y = y0 + boxH + 30;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(Color.BLACK);
        g.drawString("headlines", x0, y);
        g.setFont(small);
        FontMetrics fm = g.getFontMetrics();
        String[] lines = {
            "router: " + cq.routerHeadlines().match().summary(),
            "router: " + cq.routerHeadlines().atBudget().summary(),
            "task oracle: " + cq.taskOracleHeadlines().match().summary(),
            "task oracle: " + cq.taskOracleHeadlines().atBudget().summary(),
            "neighbour baseline: " + cq.neighbourHeadlines().match().summary(),
        };
        for (String line : lines) {
            y += 6;
            for (String wrapped : wrap(line, fm, boxW)) {
                y += fm.getHeight();
                g.drawString(wrapped, x0, y);
            }
        }
    }

    private static List<String> wrap(String text, FontMetrics fm, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && fm.stringWidth(line + " " + word) > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static Shape triangleDown(double x, double y, double r) {
        Polygon p = new Polygon();
        p.addPoint((int) Math.round(x - r), (int) Math.round(y - r));
        p.addPoint((int) Math.round(x + r), (int) Math.round(y - r));
        p.addPoint((int) Math.round(x), (int) Math.round(y + r * 0.6));
        return p;
    }

    private static Shape diamond(double x, double y, double r) {
        Polygon p = new Polygon();
        p.addPoint((int) Math.round(x), (int) Math.round(y - r));
        p.addPoint((int) Math.round(x + r), (int) Math.round(y));
        p.addPoint((int) Math.round(x), (int) Math.round(y + r));
        p.addPoint((int) Math.round(x - r), (int) Math.round(y));
        return p;
    }

    private static boolean overlaps(Rectangle box, List<Rectangle> placed) {
        for (Rectangle r : placed) {
            if (r.intersects(box)) {
                return true;
            }
        }
        return false;
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String format(double v, double step) {
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** Data to pixel coordinates. */
    private record Axes(double xMin, double xMax, double yMin, double yMax) {

        double x(double v) {
            return LEFT + (v - xMin) / (xMax - xMin) * (WIDTH - LEFT - RIGHT);
        }

        double y(double v) {
            return HEIGHT - BOTTOM - (v - yMin) / (yMax - yMin) * (HEIGHT - TOP - BOTTOM);
        }

        int px(double v) {
            return (int) Math.round(x(v));
        }

        int py(double v) {
            return (int) Math.round(y(v));
        }
    }
}
