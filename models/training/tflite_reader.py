"""Read TensorFlow Lite MobileNets into PyTorch modules.

The readers for the flatbuffer schema are generated at run time with Debian's
`flatc` from `../shared/models/imagenet/schema.fbs` (never hand-written, never
committed), and every weight comes out of the .tflite file itself:

    net = TFLiteNet(load_graph("mobilenet_v1_0.5_160_quant.tflite"))

What the conversion has to get right (see the README beside the weights):
- tensors are quantised: real = (q - zero_point) * scale, per output channel
  where the file gives several scales (`quantized_dimension` names the axis);
- BatchNorm is already folded into each convolution's weights and bias;
- convolution weights are [out, kh, kw, in], depthwise ones [1, kh, kw, ch];
- padding is TensorFlow's SAME, which for stride 2 puts the extra pixel on the
  bottom and right. This module pads as SAME does for EVEN input sizes, the
  case every stride-2 layer sees when the image's sides are multiples of 32
  (which is what the app feeds, see `input.size.multipleOf` in the metadata);
- activations are the fused ones the file names (ReLU6 in these networks).
"""
from __future__ import annotations

import functools
import importlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
IMAGENET_DIR = os.environ.get("WINNOW_IMAGENET", os.path.join(REPO_ROOT, "..", "shared", "models", "imagenet"))
CACHE_ROOT = os.environ.get("WINNOW_CACHE", os.path.join(REPO_ROOT, "..", "cache"))

# TFLite builtin operator codes used by the MobileNets (schema.fbs, enum BuiltinOperator).
ADD, AVERAGE_POOL_2D, CONV_2D, DEPTHWISE_CONV_2D, RESHAPE, SOFTMAX, MEAN_OP, QUANTIZE, DEQUANTIZE = (
    0, 1, 3, 4, 22, 25, 40, 114, 6)
# ActivationFunctionType
ACT_NONE, ACT_RELU, ACT_RELU6 = 0, 1, 3
# TensorType
FLOAT32, INT32, UINT8, INT8 = 0, 2, 3, 9


@functools.lru_cache(maxsize=1)
def schema_module():
    """Generate the flatbuffer readers with flatc (once per cache) and import them."""
    out = os.path.join(CACHE_ROOT, "tflite_schema_py")
    if not os.path.exists(os.path.join(out, "tflite", "Model.py")):
        flatc = shutil.which("flatc")
        if flatc is None:
            raise RuntimeError("flatc not found: apt-get install flatbuffers-compiler")
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(IMAGENET_DIR, "schema.fbs")) as f:
            # Debian's flatc 2.0.8 rejects the newer schema's "(deprecated)" attributes.
            text = f.read().replace(" (deprecated)", "")
        with open(os.path.join(out, "schema.fbs"), "w") as f:
            f.write(text)
        subprocess.run([flatc, "--python", "-o", out, os.path.join(out, "schema.fbs")], check=True)
    if out not in sys.path:
        sys.path.insert(0, out)
    return importlib.import_module("tflite.Model")


@dataclass
class Tensor:
    name: str
    shape: tuple
    dtype: int
    value: np.ndarray | None  # dequantised float32 constant, or None for activations


@dataclass
class Op:
    code: int
    inputs: list
    outputs: list
    options: dict = field(default_factory=dict)


@dataclass
class Graph:
    tensors: list
    ops: list
    inputs: list
    outputs: list
    input_quant: tuple  # (scale, zero_point) of the input tensor, for reference


def _dequantise(t, raw):
    q = t.Quantization()
    scales = q.ScaleAsNumpy() if q is not None and q.ScaleLength() else None
    if scales is None:
        return raw.astype(np.float32)
    zps = q.ZeroPointAsNumpy() if q.ZeroPointLength() else np.zeros_like(scales, dtype=np.int64)
    if scales.size == 1:
        return ((raw.astype(np.float64) - float(zps[0])) * float(scales[0])).astype(np.float32)
    axis = q.QuantizedDimension()
    shape = [1] * raw.ndim
    shape[axis] = -1
    zps = np.broadcast_to(zps, scales.shape)
    return ((raw.astype(np.float64) - zps.reshape(shape)) * scales.reshape(shape)).astype(np.float32)


_NP = {FLOAT32: np.float32, INT32: np.int32, UINT8: np.uint8, INT8: np.int8}


def _options(mod, op, code):
    if code not in (CONV_2D, DEPTHWISE_CONV_2D, ADD, AVERAGE_POOL_2D):
        return {}
    names = {CONV_2D: "Conv2DOptions", DEPTHWISE_CONV_2D: "DepthwiseConv2DOptions", ADD: "AddOptions",
             AVERAGE_POOL_2D: "Pool2DOptions"}
    cls = getattr(importlib.import_module("tflite." + names[code]), names[code])
    o = cls()
    table = op.BuiltinOptions()
    o.Init(table.Bytes, table.Pos)
    out = {"act": o.FusedActivationFunction()}
    if code in (CONV_2D, DEPTHWISE_CONV_2D):
        out.update(stride=(o.StrideH(), o.StrideW()), padding=o.Padding())
    return out


def load_graph(path):
    """Parse a .tflite file: tensors (constants dequantised to float32) and the op list."""
    model_mod = schema_module()
    if not os.path.isabs(path) and not os.path.exists(path):
        path = os.path.join(IMAGENET_DIR, path)
    with open(path, "rb") as f:
        buf = f.read()
    m = model_mod.Model.GetRootAsModel(buf, 0)
    sg = m.Subgraphs(0)
    tensors = []
    for i in range(sg.TensorsLength()):
        t = sg.Tensors(i)
        b = m.Buffers(t.Buffer())
        value = None
        if b is not None and b.DataLength() > 0:
            raw = np.frombuffer(b.DataAsNumpy().tobytes(), dtype=_NP[t.Type()]).reshape(t.ShapeAsNumpy())
            value = _dequantise(t, raw)
        tensors.append(Tensor(t.Name().decode(), tuple(int(v) for v in t.ShapeAsNumpy()), t.Type(), value))
    ops = []
    for i in range(sg.OperatorsLength()):
        op = sg.Operators(i)
        oc = m.OperatorCodes(op.OpcodeIndex())
        code = max(oc.BuiltinCode(), oc.DeprecatedBuiltinCode())
        ops.append(Op(code, [int(v) for v in op.InputsAsNumpy()], [int(v) for v in op.OutputsAsNumpy()],
                      _options(m, op, code)))
    q = sg.Tensors(sg.Inputs(0)).Quantization()
    input_quant = (float(q.ScaleAsNumpy()[0]), int(q.ZeroPointAsNumpy()[0])) if q and q.ScaleLength() else (1.0, 0)
    return Graph(tensors, ops, [int(v) for v in sg.InputsAsNumpy()], [int(v) for v in sg.OutputsAsNumpy()],
                 input_quant)


def _activation(act):
    if act == ACT_RELU6:
        return nn.ReLU6(inplace=False)
    if act == ACT_RELU:
        return nn.ReLU(inplace=False)
    if act == ACT_NONE:
        return nn.Identity()
    raise ValueError(f"unsupported fused activation {act}")


def run_plan(plan, layers, input_tensor, x):
    """Execute plan steps in order; tensors are kept by their TFLite index."""
    vals = {input_tensor: x}
    for kind, key, ins, out, extra in plan:
        a = vals[ins[0]]
        if kind == "conv":
            vals[out] = layers[key](a)
        elif kind == "add":
            s = a + vals[ins[1]]
            vals[out] = F.relu6(s) if extra == ACT_RELU6 else F.relu(s) if extra == ACT_RELU else s
        elif kind == "gap":
            vals[out] = a.mean(dim=(2, 3), keepdim=True)
        elif kind == "flatten":
            vals[out] = a.flatten(1)
        elif kind == "softmax":
            vals[out] = F.softmax(a, dim=1)
        else:
            vals[out] = a
    return vals[plan[-1][3]]


class SamePadConv(nn.Module):
    """Conv2d + TensorFlow SAME padding (as for even input sizes) + fused activation."""

    def __init__(self, weight, bias, stride, depthwise, act):
        super().__init__()
        if depthwise:  # [1, kh, kw, C] -> [C, 1, kh, kw]
            w = torch.from_numpy(np.ascontiguousarray(weight.transpose(3, 0, 1, 2)))
            groups = w.shape[0]
        else:  # [O, kh, kw, I] -> [O, I, kh, kw]
            w = torch.from_numpy(np.ascontiguousarray(weight.transpose(0, 3, 1, 2)))
            groups = 1
        k = w.shape[-1]
        self.conv = nn.Conv2d(w.shape[1] * groups, w.shape[0], k, stride, 0, groups=groups, bias=True)
        with torch.no_grad():
            self.conv.weight.copy_(w)
            self.conv.bias.copy_(torch.from_numpy(bias))
        # SAME: total padding k - stride for an input divisible by the stride; the odd
        # pixel of an odd total goes after (bottom/right), as TensorFlow does.
        total = max(k - stride[0], 0)
        self.pad = (total // 2, total - total // 2, total // 2, total - total // 2)
        self.act = _activation(act)

    def forward(self, x):
        if any(self.pad):
            x = F.pad(x, self.pad)
        return self.act(self.conv(x))


class TFLiteNet(nn.Module):
    """The TFLite graph as a PyTorch module: float weights, trainable, exportable to ONNX.

    forward(x) returns the classifier's softmax (1001 ImageNet classes);
    features(x) returns the last feature map before global pooling (the trunk
    a quality model pools itself), NCHW.
    """

    def __init__(self, graph: Graph):
        super().__init__()
        self.graph = graph
        self.layers = nn.ModuleDict()
        self.plan = []  # (kind, module key or None, inputs, output, extra)
        self.feature_tensor = None
        for i, op in enumerate(graph.ops):
            if op.code in (CONV_2D, DEPTHWISE_CONV_2D):
                w = graph.tensors[op.inputs[1]].value
                b = graph.tensors[op.inputs[2]].value if len(op.inputs) > 2 else np.zeros(w.shape[0], np.float32)
                if op.options["padding"] != 0:
                    raise ValueError("only SAME padding is supported")
                key = f"op{i:02d}"
                self.layers[key] = SamePadConv(w, b, op.options["stride"], op.code == DEPTHWISE_CONV_2D,
                                               op.options["act"])
                self.plan.append(("conv", key, [op.inputs[0]], op.outputs[0], None))
            elif op.code == ADD:
                self.plan.append(("add", None, op.inputs[:2], op.outputs[0], op.options["act"]))
            elif op.code in (AVERAGE_POOL_2D, MEAN_OP):
                if self.feature_tensor is None:
                    self.feature_tensor = op.inputs[0]
                self.plan.append(("gap", None, [op.inputs[0]], op.outputs[0], None))
            elif op.code == RESHAPE:
                self.plan.append(("flatten", None, [op.inputs[0]], op.outputs[0], None))
            elif op.code == SOFTMAX:
                self.plan.append(("softmax", None, [op.inputs[0]], op.outputs[0], None))
            elif op.code in (QUANTIZE, DEQUANTIZE):
                self.plan.append(("identity", None, [op.inputs[0]], op.outputs[0], None))
            else:
                raise ValueError(f"unsupported TFLite op {op.code}")
        self.feature_channels = graph.tensors[self.feature_tensor].shape[-1]
        # Index of the last plan step that produces the trunk's feature map.
        self.feature_step = next(k for k, p in enumerate(self.plan) if p[3] == self.feature_tensor)

    def _run(self, x, last_step):
        return run_plan(self.plan[: last_step + 1], self.layers, self.graph.inputs[0], x)

    def forward(self, x):
        return self._run(x, len(self.plan) - 1)

    def features(self, x):
        return self._run(x, self.feature_step)

    def trunk_modules(self):
        """The convolution modules of the trunk, input to output (for partial freezing)."""
        return [self.layers[p[1]] for p in self.plan[: self.feature_step + 1] if p[0] == "conv"]


class PlanModule(nn.Module):
    """A contiguous run of a TFLiteNet's plan as a module of its own (a trunk, or part of one)."""

    def __init__(self, plan, layers, input_tensor):
        super().__init__()
        self.plan = list(plan)
        keys = {p[1] for p in self.plan if p[0] == "conv"}
        self.layers = nn.ModuleDict({k: v for k, v in layers.items() if k in keys})
        self.input_tensor = input_tensor
        last_conv = next(layers[p[1]] for p in reversed(self.plan) if p[0] == "conv")
        self.out_channels = last_conv.conv.out_channels
        self.stride = 1
        for p in self.plan:
            if p[0] == "conv":
                self.stride *= layers[p[1]].conv.stride[0]

    def forward(self, x):
        return run_plan(self.plan, self.layers, self.input_tensor, x)


def trunk_of(net: TFLiteNet) -> PlanModule:
    """Everything up to the last feature map: the classifier's pooling and logits are
    dropped so they are neither exported nor trained."""
    return PlanModule(net.plan[: net.feature_step + 1], net.layers, net.graph.inputs[0])


def split_trunk(trunk: PlanModule, suffix_convs: int):
    """Cut a trunk before its last `suffix_convs` convolutions -> (prefix, suffix).

    The cut must not cross a residual connection (checked): then the prefix's output
    is all the suffix needs, and training can cache it."""
    conv_steps = [k for k, p in enumerate(trunk.plan) if p[0] == "conv"]
    cut = conv_steps[-suffix_convs]
    pre, suf = trunk.plan[:cut], trunk.plan[cut:]
    boundary = pre[-1][3]
    produced = {p[3] for p in suf}
    for _, _, ins, _, _ in suf:
        for t in ins:
            if t not in produced and t != boundary:
                raise ValueError(f"cut at step {cut} crosses a skip connection (tensor {t})")
    prefix = PlanModule(pre, trunk.layers, trunk.input_tensor)
    suffix = PlanModule(suf, trunk.layers, boundary)
    suffix.stride = trunk.stride // prefix.stride
    return prefix, suffix


# The input normalisation of every file here: RGB scaled to [-1, 1].
MEAN = (0.5, 0.5, 0.5)
STD = (0.5, 0.5, 0.5)
SCALE = 1.0 / 255.0

BACKBONES = {
    "mobilenet_v1_0.5": "mobilenet_v1_0.5_160_quant.tflite",
    "mobilenet_v1_0.75": "mobilenet_v1_0.75_192_quant.tflite",
    "mobilenet_v2_1.0": "tf2_mobilenet_v2_1.0_224_ptq.tflite",
    "mobilenet_v2_1.0_slim": "mobilenet_v2_1.0_224_quant.tflite",
}


def load_backbone(name):
    return TFLiteNet(load_graph(BACKBONES[name]))
