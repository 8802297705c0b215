package dev.jgan.gan.image;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** A plain line chart of one or more series over a shared x axis, e.g. D and G losses per step. */
public final class LineChart {
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd)};
    private static final int WIDTH = 800;
    private static final int HEIGHT = 450;
    private static final int MARGIN_LEFT = 70;
    private static final int MARGIN_RIGHT = 20;
    private static final int MARGIN_TOP = 40;
    private static final int MARGIN_BOTTOM = 50;

    private final String title;
    private final String xLabel;
    private final List<String> names = new ArrayList<>();
    private final List<double[]> xs = new ArrayList<>();
    private final List<double[]> ys = new ArrayList<>();

    public LineChart(String title, String xLabel) {
        this.title = title;
        this.xLabel = xLabel;
    }

    public LineChart add(String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series " + name + ": " + x.length + " x values but " + y.length + " y values");
        }
        names.add(name);
        xs.add(x);
        ys.add(y);
        return this;
    }

    public BufferedImage render() {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            double[] range = range();
            drawAxes(g, range);
            for (int s = 0; s < names.size(); s++) {
                drawSeries(g, s, range);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** {minX, maxX, minY, maxY} over all finite points, widened when degenerate. */
    private double[] range() {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < names.size(); s++) {
            for (int i = 0; i < xs.get(s).length; i++) {
                double x = xs.get(s)[i];
                double y = ys.get(s)[i];
                if (Double.isFinite(x) && Double.isFinite(y)) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        if (!Double.isFinite(minX)) {
            return new double[] {0, 1, 0, 1};
        }
        if (maxX <= minX) {
            maxX = minX + 1;
        }
        if (maxY <= minY) {
            maxY = minY + 1;
        }
        double pad = 0.05 * (maxY - minY);
        return new double[] {minX, maxX, minY - pad, maxY + pad};
    }

    private static int px(double x, double[] r) {
        return MARGIN_LEFT + (int) Math.round((x - r[0]) / (r[1] - r[0]) * (WIDTH - MARGIN_LEFT - MARGIN_RIGHT));
    }

    private static int py(double y, double[] r) {
        return HEIGHT - MARGIN_BOTTOM - (int) Math.round((y - r[2]) / (r[3] - r[2]) * (HEIGHT - MARGIN_TOP - MARGIN_BOTTOM));
    }

    private void drawAxes(Graphics2D g, double[] r) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(new Color(0xdddddd));
        for (int t = 0; t <= 5; t++) {
            double y = r[2] + (r[3] - r[2]) * t / 5;
            g.drawLine(MARGIN_LEFT, py(y, r), WIDTH - MARGIN_RIGHT, py(y, r));
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(MARGIN_LEFT, MARGIN_TOP, WIDTH - MARGIN_LEFT - MARGIN_RIGHT, HEIGHT - MARGIN_TOP - MARGIN_BOTTOM);
        for (int t = 0; t <= 5; t++) {
            double y = r[2] + (r[3] - r[2]) * t / 5;
            g.drawString(String.format("%.3g", y), 8, py(y, r) + 4);
            double x = r[0] + (r[1] - r[0]) * t / 5;
            g.drawString(String.format("%.0f", x), px(x, r) - 10, HEIGHT - MARGIN_BOTTOM + 18);
        }
        g.drawString(xLabel, WIDTH / 2 - 20, HEIGHT - 12);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, MARGIN_LEFT, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int s = 0; s < names.size(); s++) {
            int x = WIDTH - MARGIN_RIGHT - 150;
            int y = MARGIN_TOP + 18 + 18 * s;
            g.setColor(COLORS[s % COLORS.length]);
            g.fillRect(x, y - 9, 20, 4);
            g.setColor(Color.DARK_GRAY);
            g.drawString(names.get(s), x + 26, y - 3);
        }
    }

    private void drawSeries(Graphics2D g, int s, double[] r) {
        double[] x = xs.get(s);
        double[] y = ys.get(s);
        Path2D.Double path = new Path2D.Double();
        boolean started = false;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                started = false;
                continue;
            }
            if (started) {
                path.lineTo(px(x[i], r), py(y[i], r));
            } else {
                path.moveTo(px(x[i], r), py(y[i], r));
                started = true;
            }
        }
        g.setColor(COLORS[s % COLORS.length]);
        g.setStroke(new BasicStroke(1.5f));
        g.draw(path);
    }
}
