package dev.jgan.cuda;

/**
 * Every kernel entry point of the committed PTX: its module, name, block size (its
 * {@code __launch_bounds__}) and parameter signature, one letter per parameter:
 * {@code p} pointer, {@code i} int, {@code f} float, {@code s} ConvShape struct.
 */
enum Kernel {
    CONV2D_FORWARD_FP32("conv2d_fp32", "conv2d_forward_fp32", LaunchGeometry.FP32_CONV_THREADS, "pppppsi"),
    CONV2D_BACKWARD_DATA_FP32("conv2d_fp32", "conv2d_backward_data_fp32", LaunchGeometry.FP32_CONV_THREADS,
            "pppppsi"),
    CONV2D_BACKWARD_DATA_PHASED_FP32("conv2d_fp32", "conv2d_backward_data_phased_fp32",
            LaunchGeometry.FP32_CONV_THREADS, "pppppsii"),
    CONV2D_BACKWARD_WEIGHT_FP32("conv2d_fp32", "conv2d_backward_weight_fp32", LaunchGeometry.FP32_CONV_THREADS,
            "ppppsi"),
    CONV2D_FORWARD_FP32_LARGE("conv2d_fp32_large", "conv2d_forward_fp32_large",
            LaunchGeometry.FP32_LARGE_CONV_THREADS, "pppppsi"),
    CONV2D_BACKWARD_DATA_FP32_LARGE("conv2d_fp32_large", "conv2d_backward_data_fp32_large",
            LaunchGeometry.FP32_LARGE_CONV_THREADS, "pppppsi"),
    CONV2D_BACKWARD_DATA_PHASED_FP32_LARGE("conv2d_fp32_large", "conv2d_backward_data_phased_fp32_large",
            LaunchGeometry.FP32_LARGE_CONV_THREADS, "pppppsii"),
    CONV2D_BACKWARD_WEIGHT_FP32_LARGE("conv2d_fp32_large", "conv2d_backward_weight_fp32_large",
            LaunchGeometry.FP32_LARGE_CONV_THREADS, "ppppsi"),
    CONV2D_FORWARD_TF32_LARGE("conv2d_tf32_large", "conv2d_forward_tf32_large",
            LaunchGeometry.TF32_LARGE_CONV_THREADS, "pppppsi"),
    CONV2D_BACKWARD_DATA_TF32_LARGE("conv2d_tf32_large", "conv2d_backward_data_tf32_large",
            LaunchGeometry.TF32_LARGE_CONV_THREADS, "pppppsi"),
    CONV2D_BACKWARD_DATA_PHASED_TF32_LARGE("conv2d_tf32_large", "conv2d_backward_data_phased_tf32_large",
            LaunchGeometry.TF32_LARGE_CONV_THREADS, "pppppsii"),
    CONV2D_BACKWARD_WEIGHT_TF32_LARGE("conv2d_tf32_large", "conv2d_backward_weight_tf32_large",
            LaunchGeometry.TF32_LARGE_CONV_THREADS, "ppppsi"),
    CONV2D_FORWARD_SUM_SPLITS("conv2d_fp32", "conv2d_forward_sum_splits", LaunchGeometry.ELEMENTWISE_THREADS, "pppsi"),
    CONV2D_BACKWARD_DATA_SUM_SPLITS("conv2d_fp32", "conv2d_backward_data_sum_splits",
            LaunchGeometry.ELEMENTWISE_THREADS, "pppsi"),
    CONV2D_BACKWARD_WEIGHT_SUM_SPLITS("conv2d_fp32", "conv2d_backward_weight_sum_splits",
            LaunchGeometry.ELEMENTWISE_THREADS, "ppsi"),
    CONV2D_FORWARD_TF32("conv2d_tf32", "conv2d_forward_tf32", LaunchGeometry.TF32_CONV_THREADS, "pppppsi"),
    CONV2D_BACKWARD_DATA_TF32("conv2d_tf32", "conv2d_backward_data_tf32", LaunchGeometry.TF32_CONV_THREADS,
            "pppppsi"),
    CONV2D_BACKWARD_DATA_PHASED_TF32("conv2d_tf32", "conv2d_backward_data_phased_tf32",
            LaunchGeometry.TF32_CONV_THREADS, "pppppsii"),
    CONV2D_BACKWARD_WEIGHT_TF32("conv2d_tf32", "conv2d_backward_weight_tf32", LaunchGeometry.TF32_CONV_THREADS,
            "ppppsi"),
    CONV2D_FORWARD_NARROW("conv2d_narrow", "conv2d_forward_narrow", LaunchGeometry.NARROW_CONV_THREADS, "pppps"),
    CONV2D_BACKWARD_DATA_NARROW("conv2d_narrow", "conv2d_backward_data_narrow", LaunchGeometry.NARROW_CONV_THREADS,
            "pppps"),
    CONV2D_FORWARD_NARROW_DEEP("conv2d_narrow", "conv2d_forward_narrow_deep", LaunchGeometry.NARROW_CONV_THREADS,
            "pppps"),
    CONV2D_BACKWARD_DATA_NARROW_DEEP("conv2d_narrow", "conv2d_backward_data_narrow_deep",
            LaunchGeometry.NARROW_CONV_THREADS, "pppps"),
    CONV2D_BACKWARD_DATA_PHASED_NARROW("conv2d_narrow", "conv2d_backward_data_phased_narrow",
            LaunchGeometry.NARROW_CONV_THREADS, "pppps"),
    CONV2D_BACKWARD_DATA_PHASED_NARROW_DEEP("conv2d_narrow", "conv2d_backward_data_phased_narrow_deep",
            LaunchGeometry.NARROW_CONV_THREADS, "pppps"),
    BIAS_ADD_NCHW("elementwise", "bias_add_nchw", LaunchGeometry.ELEMENTWISE_THREADS, "ppiii"),
    AXPY("elementwise", "axpy", LaunchGeometry.ELEMENTWISE_THREADS, "ppfi"),
    RELU_FORWARD("elementwise", "relu_forward", LaunchGeometry.ELEMENTWISE_THREADS, "ppi"),
    RELU_BACKWARD("elementwise", "relu_backward", LaunchGeometry.ELEMENTWISE_THREADS, "pppi"),
    LEAKY_RELU_FORWARD("elementwise", "leaky_relu_forward", LaunchGeometry.ELEMENTWISE_THREADS, "ppfi"),
    LEAKY_RELU_BACKWARD("elementwise", "leaky_relu_backward", LaunchGeometry.ELEMENTWISE_THREADS, "pppfi"),
    TANH_FORWARD("elementwise", "tanh_forward", LaunchGeometry.ELEMENTWISE_THREADS, "ppi"),
    TANH_BACKWARD("elementwise", "tanh_backward", LaunchGeometry.ELEMENTWISE_THREADS, "pppi"),
    CHANNEL_SUM_NCHW("elementwise", "channel_sum_nchw", LaunchGeometry.ELEMENTWISE_THREADS, "ppiii"),
    BATCH_NORM_STATS_NCHW("batch_norm", "batch_norm_stats_nchw", LaunchGeometry.ELEMENTWISE_THREADS, "pppppffiii"),
    BATCH_NORM_APPLY_NCHW("batch_norm", "batch_norm_apply_nchw", LaunchGeometry.ELEMENTWISE_THREADS, "ppppppiii"),
    BATCH_NORM_BACKWARD_SUMS_NCHW("batch_norm", "batch_norm_backward_sums_nchw", LaunchGeometry.ELEMENTWISE_THREADS,
            "ppppppiii"),
    BATCH_NORM_BACKWARD_INPUT_NCHW("batch_norm", "batch_norm_backward_input_nchw", LaunchGeometry.ELEMENTWISE_THREADS,
            "ppppppppiiii"),
    ADAM_STEP("adam", "adam_step", LaunchGeometry.ELEMENTWISE_THREADS, "ppppfffffffi"),
    BCE_WITH_LOGITS_FORWARD("loss", "bce_with_logits_forward", LaunchGeometry.ELEMENTWISE_THREADS, "pfpi"),
    BCE_WITH_LOGITS_BACKWARD("loss", "bce_with_logits_backward", LaunchGeometry.ELEMENTWISE_THREADS, "pfppi"),
    HINGE_FORWARD("loss", "hinge_forward", LaunchGeometry.ELEMENTWISE_THREADS, "pfpi"),
    HINGE_BACKWARD("loss", "hinge_backward", LaunchGeometry.ELEMENTWISE_THREADS, "pfppi"),
    NEGATIVE_MEAN_FORWARD("loss", "negative_mean_forward", LaunchGeometry.ELEMENTWISE_THREADS, "ppi"),
    NEGATIVE_MEAN_BACKWARD("loss", "negative_mean_backward", LaunchGeometry.ELEMENTWISE_THREADS, "ppi"),
    SPECTRAL_MATVEC_T("spectral_norm", "spectral_matvec_t", LaunchGeometry.ELEMENTWISE_THREADS, "pppii"),
    SPECTRAL_MATVEC("spectral_norm", "spectral_matvec", LaunchGeometry.ELEMENTWISE_THREADS, "pppii"),
    SPECTRAL_NORMALISE("spectral_norm", "spectral_normalise", LaunchGeometry.ELEMENTWISE_THREADS, "ppfpi"),
    SPECTRAL_SCALE("spectral_norm", "spectral_scale", LaunchGeometry.ELEMENTWISE_THREADS, "pppi"),
    SPECTRAL_DOT_PARTIALS("spectral_norm", "spectral_dot_partials", LaunchGeometry.ELEMENTWISE_THREADS, "pppi"),
    SPECTRAL_NORMALISE_BACKWARD("spectral_norm", "spectral_normalise_backward", LaunchGeometry.ELEMENTWISE_THREADS,
            "pppppipii"),
    GEMM_NN_FP32("gemm", "gemm_nn_fp32", LaunchGeometry.GEMM_THREADS, Kernel.GEMM_SIGNATURE),
    GEMM_NT_FP32("gemm", "gemm_nt_fp32", LaunchGeometry.GEMM_THREADS, Kernel.GEMM_SIGNATURE),
    GEMM_TN_FP32("gemm", "gemm_tn_fp32", LaunchGeometry.GEMM_THREADS, Kernel.GEMM_SIGNATURE),
    GEMM_TT_FP32("gemm", "gemm_tt_fp32", LaunchGeometry.GEMM_THREADS, Kernel.GEMM_SIGNATURE),
    GEMM_NN_TF32("gemm_tf32", "gemm_nn_tf32", LaunchGeometry.TF32_GEMM_THREADS, Kernel.GEMM_SIGNATURE),
    GEMM_NT_TF32("gemm_tf32", "gemm_nt_tf32", LaunchGeometry.TF32_GEMM_THREADS, Kernel.GEMM_SIGNATURE),
    GEMM_TN_TF32("gemm_tf32", "gemm_tn_tf32", LaunchGeometry.TF32_GEMM_THREADS, Kernel.GEMM_SIGNATURE),
    GEMM_TT_TF32("gemm_tf32", "gemm_tt_tf32", LaunchGeometry.TF32_GEMM_THREADS, Kernel.GEMM_SIGNATURE),
    UPSAMPLE_NEAREST2X_NCHW("spatial", "upsample_nearest2x_nchw", LaunchGeometry.ELEMENTWISE_THREADS, "ppiii"),
    ADD_NEAREST_NCHW("spatial", "add_nearest_nchw", LaunchGeometry.ELEMENTWISE_THREADS, "ppiiiiii"),
    FIRST_CHANNELS_NCHW("spatial", "first_channels_nchw", LaunchGeometry.ELEMENTWISE_THREADS, "ppiiii"),
    BLEND("elementwise", "blend", LaunchGeometry.ELEMENTWISE_THREADS, "fpfpi"),
    LABEL_PLANES_NCHW("elementwise", "label_planes_nchw", LaunchGeometry.ELEMENTWISE_THREADS, "ppiii"),
    MAX_POOL2X2_NCHW("spatial", "max_pool2x2_nchw", LaunchGeometry.ELEMENTWISE_THREADS, "ppiii"),
    NORM_RELU_NCHW("norm_relu", "norm_relu_nchw", LaunchGeometry.ELEMENTWISE_THREADS, "ppppppfiii"),
    SOFTMAX_ROWS("softmax", "softmax_rows", LaunchGeometry.ELEMENTWISE_THREADS, "ppi"),
    CONCAT_ROWS("concat", "concat_rows", LaunchGeometry.ELEMENTWISE_THREADS, "pppiii");

    /** a, b, bias, c; M, N, K; alpha, beta; lda, ldb, ldc; the three batch strides. */
    private static final String GEMM_SIGNATURE = "ppppiiiffiiiiii";

    final String module;
    final String entry;
    final int threads;
    final String signature;

    Kernel(String module, String entry, int threads, String signature) {
        this.module = module;
        this.entry = entry;
        this.threads = threads;
        this.signature = signature;
    }
}
