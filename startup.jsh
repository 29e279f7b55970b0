// attnlab start-up: loaded by ./attnlab before the first prompt. Edit freely; --no-startup skips it,
// --startup FILE uses another file. Java only (no /commands). Each line is one snippet, so keep it short.
import static attnlab.Lab.*;
import attnlab.tensor.Tensor;
import attnlab.attention.Attention;
import attnlab.attention.MultiHeadAttention;
import attnlab.grad.GradReport;
import attnlab.plot.Heatmap;
import attnlab.plot.LineChart;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.simple.SimpleMatrix;
import org.knowm.xchart.*;
import java.nio.file.*;
