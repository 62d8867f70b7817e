package io.routewise.training.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostQualityPlotTest {

    @TempDir
    Path tmp;

    @Test
    void writesAPngOfTheDocumentedSizeWithTheRouterCurveOnIt() throws IOException {
        List<CurvePoint> router = new ArrayList<>();
        List<CurvePoint> oracle = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            double t = i / 10.0;
            router.add(new CurvePoint(t, 0.001 + 0.009 * t, 0.5 + 0.45 * Math.sqrt(t)));
            oracle.add(new CurvePoint(t, 0.001 + 0.006 * t, 0.55 + 0.45 * Math.sqrt(t)));
        }
        ModelPoint weak = new ModelPoint("weak", 0.001, 0.5, 10);
        ModelPoint strong = new ModelPoint("strong", 0.01, 0.95, 10);
        ModelPoint poor = new ModelPoint("poor", 0.004, 0.1, 10);
        CostQuality cq = new CostQuality(List.of(weak, strong, poor), "strong", "weak", router, oracle, 2,
                Headlines.of(router, strong), Headlines.of(oracle, strong), router, oracle, oracle, java.util.Map.of(),
                Headlines.of(oracle, strong), java.util.Map.of());
        Path png = tmp.resolve(Evidence.PLOT_FILE);

        CostQualityPlot.write(cq, "toy: cost vs quality", png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(CostQualityPlot.WIDTH);
        assertThat(image.getHeight()).isEqualTo(CostQualityPlot.HEIGHT);
        int routerBlue = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if ((image.getRGB(x, y) & 0xffffff) == 0x1f77b4) {
                    routerBlue++;
                }
            }
        }
        assertThat(routerBlue).as("pixels in the router curve's colour").isGreaterThan(200);
    }
}
