package dev.jgan.cuda;

import org.bytedeco.cuda.cudart.CUfunc_st;

/** A kernel entry point of a loaded module. */
record CudaFunction(String name, CUfunc_st handle) {}
