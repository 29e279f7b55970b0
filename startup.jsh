// attnlab start-up: loaded by ./attnlab before the first prompt. Edit freely; --no-startup skips it.
import static attnlab.Lab.*;
import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
